/** One call's timeline (the last step of a report's drill-down): its stored events in order, with what each said. */
import type { ClickHouseClient } from '@clickhouse/client';
import type { CallTimeline } from '@callboard/api';

export class CallNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(callId: string) {
    super(`no call ${JSON.stringify(callId)}`);
    this.name = 'CallNotFoundError';
  }
}

/** The payload's fields beyond the envelope and what the row already shows, as `key: value` text. */
const ENVELOPE = new Set(['v', 'id', 'tenant', 'ts', 'type', 'callId', 'queue', 'agent']);
function detail(payload: string): string {
  try {
    const ev = JSON.parse(payload) as Record<string, unknown>;
    return Object.entries(ev).filter(([k]) => !ENVELOPE.has(k)).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
  } catch {
    return '';
  }
}

/**
 * :NOTE: events are sorted by (tenant, day, id), not call id: this reads the tenant's events of every day. Fine for
 * one call opened from a report; an index on call_id would be the next step if it grows slow.
 */
export async function callTimeline(ch: ClickHouseClient, tenant: string, timezone: string, callId: string): Promise<CallTimeline> {
  const rs = await ch.query({
    query: `SELECT formatDateTime(ts, '%Y-%m-%d %H:%i:%S', {tz:String}) AS at, toUnixTimestamp64Milli(ts) AS ms, type, queue, agent, payload
      FROM events FINAL WHERE tenant = {tenant:String} AND call_id = {call:String} ORDER BY ts, seq LIMIT 500`,
    query_params: { tenant, tz: timezone, call: callId }, format: 'JSONEachRow',
  });
  const rows = await rs.json<{ at: string; ms: string; type: string; queue: string; agent: string; payload: string }>();
  if (!rows.length) throw new CallNotFoundError(callId);
  const ms = (r: { ms: string }) => Number(r.ms) % 1000;
  return {
    callId, timezone,
    events: rows.map((r) => ({ ts: `${r.at}.${String(ms(r)).padStart(3, '0')}`, type: r.type, queue: r.queue, agent: r.agent, detail: detail(r.payload) })),
  };
}
