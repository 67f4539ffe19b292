/** Maps domain objects to ClickHouse rows (DateTime64 as 'YYYY-MM-DD hh:mm:ss.mmm' UTC). */
import type { AgentInterval, CallEvent, CallFact } from '@callboard/metrics';

const DAY = 86_400_000;
const dayPrefixes = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
/**
 * 'YYYY-MM-DD hh:mm:ss.mmm' (UTC) for epoch ms. Called for every event and three times per fact:
 * the date part is memoised per UTC day and the time of day is computed, no Date per call.
 */
export function chTime(ms: number): string {
  if (!(ms >= 0 && ms < 253_402_300_800_000)) return new Date(ms).toISOString().replace('T', ' ').replace('Z', ''); // years outside 1970-9999
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = `${new Date(day * DAY).toISOString().slice(0, 10)} `;
    if (dayPrefixes.size > 1000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  let r = ms - day * DAY;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const sec = Math.floor(r / 1000);
  const milli = Math.floor(r - sec * 1000);
  return `${prefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
}
const retainCache = new Map<number, string>();
/** The last day of ClickHouse's Date type (retain_until). */
const DATE_MAX_MS = Date.UTC(2149, 5, 6);
/** The date until which a row dated `ms` is kept (memoised per UTC day: called for every event). */
export function retainUntil(ms: number, retentionDays: number): string {
  const key = Math.floor(ms / DAY) * 10_000 + retentionDays;
  let v = retainCache.get(key);
  if (v === undefined) {
    // Clamped into the Date column's range (1970-01-01 … 2149-06-06): a ts outside it must not throw here.
    v = new Date(Math.min(Math.max(ms + retentionDays * DAY, 0), DATE_MAX_MS)).toISOString().slice(0, 10);
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
 * TabSeparated lines of one insert. Every 256 lines are joined into one flat string at once, so a
 * batch of ten thousand events holds a few dozen strings, not ten thousand (each a tree of string
 * pieces) that live through several young-generation collections, copied each time, and then
 * burden the old generation. (Measured: cheaper than gathering UTF-8 bytes in a Buffer, which the
 * embedded ClickHouse would decode into a string again.)
 */
export class TsvLines {
  private readonly chunks: string[] = [];
  private lines: string[] = [];
  /** Lines pushed. */
  count = 0;

  static of(lines: Iterable<string>): TsvLines {
    const out = new TsvLines();
    for (const line of lines) out.push(line);
    return out;
  }

  /** Append one line (ending in a newline). */
  push(line: string): void {
    this.lines.push(line);
    this.count++;
    if (this.lines.length === 256) {
      this.chunks.push(this.lines.join(''));
      this.lines = [];
    }
  }

  /** All lines, in order. */
  text(): string {
    return this.chunks.join('') + this.lines.join('');
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

const U32_MAX = 4_294_967_295;
/**
 * A duration for a UInt32 column (wait_ms, talk_ms, wrap_ms, duration_ms), clamped into its range:
 * ClickHouse silently wraps a larger value modulo 2^32 (a 73-year talk time stored as 20 days).
 * The reducer bounds durations too; this is the last guard before storage.
 */
export function u32(ms: number): number {
  return ms >= 0 ? (ms < U32_MAX ? Math.round(ms) : U32_MAX) : 0;
}

export const FACT_COLUMNS = ['tenant', 'fact_id', 'call_id', 'queue', 'caller', 'channel', 'campaign', 'day', 'offered_at',
  'answered_at', 'ended_at', 'agent', 'wait_ms', 'talk_ms', 'wrap_ms', 'outcome', 'exit_reason', 'ended_by', 'transferred',
  'retain_until'] as const;

export function factLine(f: CallFact, retentionDays: number): string {
  return `${tsv(f.tenant)}\t${tsv(f.factId)}\t${tsv(f.callId)}\t${tsv(f.queue)}\t${tsv(f.caller)}\t${f.channel}\t${tsv(f.campaign)}\t${
    f.day}\t${chTime(f.offeredAt)}\t${f.answeredAt === null ? TSV_NULL : chTime(f.answeredAt)}\t${chTime(f.endedAt ?? f.offeredAt)}\t${
    tsv(f.agent)}\t${u32(f.waitMs)}\t${u32(f.talkMs)}\t${u32(f.wrapMs)}\t${f.outcome}\t${f.exitReason}\t${f.endedBy}\t${f.transferred ? 1 : 0}\t${
    retainUntil(f.offeredAt, retentionDays)}\n`;
}

export const INTERVAL_COLUMNS = ['tenant', 'agent', 'state', 'reason', 'queue', 'day', 'start_at', 'end_at', 'duration_ms', 'retain_until'] as const;

export function intervalLine(i: AgentInterval, retentionDays: number): string {
  return `${tsv(i.tenant)}\t${tsv(i.agent)}\t${i.state}\t${tsv(i.reason)}\t${tsv(i.queue)}\t${i.day}\t${chTime(i.startAt)}\t${
    chTime(i.endAt)}\t${u32(i.durationMs)}\t${retainUntil(i.startAt, retentionDays)}\n`;
}

/** Identity of an interval row, for reconciling after a crash. */
export const intervalKey = (i: { agent: string; state: string; startAt: number }) => `${i.agent}|${i.state}|${i.startAt}`;

export interface DeadLetterRow {
  tenant: string; received_at: string; source: string; reason: string; payload: string;
  /** The bus message it came from, "<stream seq>@<publish time ms>" (none for input rejected at the API). */
  ref?: string;
}
