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

/**
 * Rows are written as ClickHouse TabSeparated lines, built straight from the domain objects: no
 * row object and no JSON per row (the hot path of the engine: one line per event). Only four
 * characters are special in TabSeparated; strings are escaped only when they hold one.
 */
const TSV_SPECIAL = /[\t\n\r\\]/;
const TSV_ESCAPE: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };
export function tsv(s: string): string {
  return TSV_SPECIAL.test(s) ? s.replace(/[\t\n\r\\]/g, (c) => TSV_ESCAPE[c]) : s;
}
/**
 * TabSeparated lines gathered as UTF-8 bytes. A batch of ten thousand events is one growing buffer
 * outside the JS heap instead of ten thousand strings that live through several young-generation
 * collections (each copying them) and then burden the old generation.
 */
export class TsvLines {
  private buf = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Lines pushed. */
  count = 0;

  static of(lines: Iterable<string>): TsvLines {
    const out = new TsvLines();
    for (const line of lines) out.push(line);
    return out;
  }

  /** Append one line (ending in a newline). */
  push(line: string): void {
    // At most 3 UTF-8 bytes per UTF-16 code unit.
    if (this.used + 3 * line.length > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.used + 3 * line.length));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    this.used += this.buf.write(line, this.used, 'utf8');
    this.count++;
  }

  /** The lines' bytes (a view: valid until the next push). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.used);
  }
}

/** NULL in TabSeparated. */
const TSV_NULL = '\\N';

export const EVENT_COLUMNS = ['tenant', 'id', 'seq', 'ts', 'type', 'call_id', 'queue', 'agent', 'payload', 'retain_until'] as const;

/** One `events` line. `payload` may be the event's JSON as received (already validated), saving a re-serialisation. */
export function eventLine(ev: CallEvent, seq: number, retentionDays: number, payload?: string): string {
  return `${tsv(ev.tenant)}\t${tsv(ev.id)}\t${seq}\t${chTime(ev.ts)}\t${ev.type}\t${'callId' in ev ? tsv(ev.callId) : ''}\t${
    'queue' in ev ? tsv(ev.queue) : ''}\t${'agent' in ev ? tsv(ev.agent) : ''}\t${tsv(payload ?? JSON.stringify(ev))}\t${
    retainUntil(ev.ts, retentionDays)}\n`;
}

export const FACT_COLUMNS = ['tenant', 'fact_id', 'call_id', 'queue', 'caller', 'channel', 'campaign', 'day', 'offered_at',
  'answered_at', 'ended_at', 'agent', 'wait_ms', 'talk_ms', 'wrap_ms', 'outcome', 'exit_reason', 'ended_by', 'transferred',
  'retain_until'] as const;

export function factLine(f: CallFact, retentionDays: number): string {
  return `${tsv(f.tenant)}\t${tsv(f.factId)}\t${tsv(f.callId)}\t${tsv(f.queue)}\t${tsv(f.caller)}\t${f.channel}\t${tsv(f.campaign)}\t${
    f.day}\t${chTime(f.offeredAt)}\t${f.answeredAt === null ? TSV_NULL : chTime(f.answeredAt)}\t${chTime(f.endedAt ?? f.offeredAt)}\t${
    tsv(f.agent)}\t${f.waitMs}\t${f.talkMs}\t${f.wrapMs}\t${f.outcome}\t${f.exitReason}\t${f.endedBy}\t${f.transferred ? 1 : 0}\t${
    retainUntil(f.offeredAt, retentionDays)}\n`;
}

export const INTERVAL_COLUMNS = ['tenant', 'agent', 'state', 'reason', 'queue', 'day', 'start_at', 'end_at', 'duration_ms', 'retain_until'] as const;

export function intervalLine(i: AgentInterval, retentionDays: number): string {
  return `${tsv(i.tenant)}\t${tsv(i.agent)}\t${i.state}\t${tsv(i.reason)}\t${tsv(i.queue)}\t${i.day}\t${chTime(i.startAt)}\t${
    chTime(i.endAt)}\t${i.durationMs}\t${retainUntil(i.startAt, retentionDays)}\n`;
}

/** Identity of an interval row, for reconciling after a crash. */
export const intervalKey = (i: { agent: string; state: string; startAt: number }) => `${i.agent}|${i.state}|${i.startAt}`;

export interface DeadLetterRow {
  tenant: string; received_at: string; source: string; reason: string; payload: string;
}
