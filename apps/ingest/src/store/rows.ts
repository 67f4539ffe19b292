/** Maps domain objects to ClickHouse rows (DateTime64 as 'YYYY-MM-DD hh:mm:ss.mmm' UTC). */
import type { AgentInterval, CallEvent, CallFact } from '@callboard/metrics';

export const chTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const DAY = 86_400_000;
const retainCache = new Map<number, string>();
/** The date until which a row dated `ms` is kept (memoised per UTC day: called for every event). */
export function retainUntil(ms: number, retentionDays: number): string {
  const key = Math.floor(ms / DAY) * 10_000 + retentionDays;
  let v = retainCache.get(key);
  if (v === undefined) {
    v = new Date(ms + retentionDays * DAY).toISOString().slice(0, 10);
    if (retainCache.size > 10_000) retainCache.clear();
    retainCache.set(key, v);
  }
  return v;
}

export interface EventRow {
  tenant: string; id: string; seq: number; ts: string; type: string; call_id: string; queue: string; agent: string;
  payload: string; retain_until: string;
}

/** `payload` may be the event's JSON as received (already validated), saving a re-serialisation. */
export function eventRow(ev: CallEvent, seq: number, retentionDays: number, payload?: string): EventRow {
  return {
    tenant: ev.tenant, id: ev.id, seq, ts: chTime(ev.ts), type: ev.type,
    call_id: 'callId' in ev ? ev.callId : '', queue: 'queue' in ev ? ev.queue : '', agent: 'agent' in ev ? ev.agent : '',
    payload: payload ?? JSON.stringify(ev), retain_until: retainUntil(ev.ts, retentionDays),
  };
}

export function factRow(f: CallFact, retentionDays: number) {
  return {
    tenant: f.tenant, fact_id: f.factId, call_id: f.callId, queue: f.queue, caller: f.caller, channel: f.channel,
    campaign: f.campaign, day: f.day, offered_at: chTime(f.offeredAt),
    answered_at: f.answeredAt === null ? null : chTime(f.answeredAt), ended_at: chTime(f.endedAt ?? f.offeredAt),
    agent: f.agent, wait_ms: f.waitMs, talk_ms: f.talkMs, wrap_ms: f.wrapMs, outcome: f.outcome,
    exit_reason: f.exitReason, ended_by: f.endedBy, transferred: f.transferred ? 1 : 0,
    retain_until: retainUntil(f.offeredAt, retentionDays),
  };
}

export function intervalRow(i: AgentInterval, retentionDays: number) {
  return {
    tenant: i.tenant, agent: i.agent, state: i.state, reason: i.reason, queue: i.queue, day: i.day,
    start_at: chTime(i.startAt), end_at: chTime(i.endAt), duration_ms: i.durationMs,
    retain_until: retainUntil(i.startAt, retentionDays),
  };
}

/** Identity of an interval row, for reconciling after a crash. */
export const intervalKey = (i: { agent: string; state: string; startAt: number }) => `${i.agent}|${i.state}|${i.startAt}`;

export interface DeadLetterRow {
  tenant: string; received_at: string; source: string; reason: string; payload: string;
}
