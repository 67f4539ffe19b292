/** Builders of valid events for tests (shared by unit and integration tests). */
import type { CallEvent, CallEventInput } from '../events/schema.ts';
import { validateEvent } from '../events/validate.ts';

type Body<T extends CallEventInput['type']> = Omit<Extract<CallEventInput, { type: T }>, 'v' | 'id' | 'tenant' | 'ts' | 'type'>;

/** A factory of events for one tenant with sequential ids; `at` is epoch ms. */
export function eventFactory(tenant = 'demo', prefix = 'e') {
  let n = 0;
  const make = <T extends CallEventInput['type']>(type: T, at: number, body: Body<T>): CallEvent => {
    const r = validateEvent({ v: 1, id: `${prefix}${++n}`, tenant, ts: at, type, ...body });
    if (!r.ok) throw new Error(`test event invalid: ${r.reason}`);
    return r.event;
  };
  return {
    make,
    offered: (at: number, callId: string, queue: string, caller = `+39020000${callId}`, channel: 'voice' | 'chat' = 'voice') =>
      make('call.offered', at, { callId, queue, caller, channel }),
    answered: (at: number, callId: string, queue: string, agent: string, waitMs?: number) =>
      make('call.answered', at, { callId, queue, agent, ...(waitMs === undefined ? {} : { waitMs }) }),
    abandoned: (at: number, callId: string, queue: string, waitMs?: number) =>
      make('call.abandoned', at, { callId, queue, ...(waitMs === undefined ? {} : { waitMs }) }),
    exited: (at: number, callId: string, queue: string, reason: 'timeout' | 'key' | 'empty' | 'full', waitMs?: number) =>
      make('call.exited', at, { callId, queue, reason, ...(waitMs === undefined ? {} : { waitMs }) }),
    ended: (at: number, callId: string, queue: string, agent: string, talkMs?: number) =>
      make('call.ended', at, { callId, queue, agent, by: 'caller', ...(talkMs === undefined ? {} : { talkMs }) }),
    transferred: (at: number, callId: string, queue: string, agent: string, target: string) =>
      make('call.transferred', at, { callId, queue, agent, target }),
    agent: (at: number, agent: string, state: 'logged_out' | 'ready' | 'busy' | 'wrap_up' | 'paused', queues?: string[], reason?: string) =>
      make('agent.state', at, { agent, state, ...(queues ? { queues } : {}), ...(reason ? { reason } : {}) }),
  };
}
