/** What live state knows of the call an event belongs to, read right after the event is applied. */
import type { CallEvent, Channel } from '../events/schema.ts';
import type { TenantLive } from './reducer.ts';

/** The call of an accepted event: its caller (only call.offered carries it), channel, offer time and wait in the queue. */
export interface CallContext {
  caller: string;
  channel: Channel;
  offeredAt: number;
  /** Wait in the queue as the reducer counts it (the event's waitMs, else derived from the offer), ms. */
  waitMs: number;
}

/**
 * The call leg of `ev` in the reducer it was applied to, or null (not a queue call event, an event of a leg already
 * emitted, or a call whose call.offered never came). The reducer holds a leg until its emit grace has passed, and a
 * restarted engine rebuilds its legs from the stored events, so the caller is known across restarts.
 */
export function callContext(live: Pick<TenantLive, 'legs'>, ev: CallEvent): CallContext | null {
  if (!('queue' in ev) || !('callId' in ev)) return null;
  const leg = live.legs.get(`${ev.callId}|${ev.queue}`);
  if (!leg || !leg.caller) return null;
  return { caller: leg.caller, channel: leg.channel, offeredAt: leg.offeredAt, waitMs: leg.waitMs };
}
