/**
 * The call legs a report counts, as one SQL relation: the stored call facts in range, plus — so that today agrees
 * with the wallboard — the legs the engine's live state still holds (answered and being talked or wrapped up, or
 * finished and not yet stored), passed in as a bound JSONEachRow parameter with `finished` as live state has it.
 * The catalogue's SQL counts a leg exactly as its live reduce does (answered at answer; handled, talk and wrap-up
 * once finished), so a report's today equals the live tiles'. Callers still waiting are not offered yet, in both.
 */
import { DateTime } from 'luxon';
import { aggThresholdsExact, metricAggSql, type CallFact, type CompiledMetric, type SqlSettings, type TenantSettings } from '@callboard/metrics';
import type { Query } from '../query/query-parser.ts';
import { decideCallTable, wholeHours } from '../query/table-decider.ts';
import type { ReportParams } from './params.ts';

/** The columns of a leg a report reads (a subset of call_facts; `finished` is an ALIAS of 1 there). */
const COLUMNS = [
  ['queue', 'String'], ['agent', 'String'], ['channel', 'String'], ['campaign', 'String'], ['caller', 'String'],
  ['call_id', 'String'], ['offered_at', "DateTime64(3, 'UTC')"], ['wait_ms', 'UInt32'], ['talk_ms', 'UInt32'],
  ['wrap_ms', 'UInt32'], ['outcome', 'String'], ['exit_reason', 'String'], ['transferred', 'UInt8'], ['finished', 'UInt8'],
] as const;

/** A leg from live state, as the relation's row. */
export type OpenLeg = Record<(typeof COLUMNS)[number][0], string | number>;

const ts = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** The legs of live state that a report adds to the stored facts: every leg that has left the queue. */
export function openLegs(legs: Iterable<CallFact>): OpenLeg[] {
  const out: OpenLeg[] = [];
  for (const l of legs) {
    if (l.outcome === 'waiting') continue;
    out.push({
      queue: l.queue, agent: l.agent, channel: l.channel, campaign: l.campaign, caller: l.caller, call_id: l.callId,
      offered_at: ts(l.offeredAt), wait_ms: l.waitMs, talk_ms: l.talkMs, wrap_ms: l.wrapMs, outcome: l.outcome,
      exit_reason: l.exitReason, transferred: l.transferred ? 1 : 0, finished: l.finished ? 1 : 0,
    });
  }
  return out;
}

export interface Relation {
  sql: string;
  params: Record<string, unknown>;
}

/** The filters a report applies to call legs (bound parameters only). */
function legFilters(p: ReportParams): string[] {
  const w = ['offered_at >= {from_ts:DateTime64(3)}', 'offered_at < {to_ts:DateTime64(3)}'];
  if (p.queues.length) w.push('queue IN {queues:Array(String)}');
  if (p.agents.length) w.push('agent IN {agents:Array(String)}');
  if (p.channels.length) w.push('channel IN {channels:Array(String)}');
  if (p.campaigns.length) w.push('campaign IN {campaigns:Array(String)}');
  return w;
}

/** Parameters every report statement binds. */
export function baseParams(p: ReportParams, range: { from: number; to: number } = p): Record<string, unknown> {
  return {
    tenant: p.tenant, tz: p.timezone, from_ts: ts(range.from), to_ts: ts(range.to),
    // the rows of a time table stop at the period holding `now`: later hours and days get no row, not a row of zeros
    fill_to_ts: ts(Math.max(range.from, Math.min(range.to, p.now))),
    queues: p.queues, agents: p.agents, channels: p.channels, campaigns: p.campaigns,
  };
}

/** The stored call facts in range, filtered (a SELECT); `also` is one more condition. */
function storedLegs(p: ReportParams, also?: string): string {
  const cols = COLUMNS.map(([c]) => c).join(', ');
  const where = [...legFilters(p), ...(also ? [also] : [])].join(' AND ');
  // :NOTE: the day column is the partition and sort key: bounding it prunes the scan.
  return `SELECT ${cols} FROM call_facts WHERE tenant = {tenant:String}`
    + ' AND day >= toDate({from_ts:DateTime64(3)}, {tz:String}) - 1 AND day <= toDate({to_ts:DateTime64(3)}, {tz:String}) + 1'
    + ` AND ${where}`;
}

/** The call legs in range, stored and open, filtered: `(SELECT … UNION ALL SELECT …)`. */
export function callLegs(p: ReportParams, open: OpenLeg[]): Relation {
  const stored = storedLegs(p);
  const live = liveLegs(p, open);
  return live ? { sql: `(${stored} UNION ALL ${live.sql})`, params: live.params } : { sql: `(${stored})`, params: {} };
}

/** The legs of live state in range, filtered (a SELECT), or null when there are none. */
function liveLegs(p: ReportParams, open: OpenLeg[]): Relation | null {
  // :TRICKY: format() with no rows fails in ClickHouse ("Not found column"): the live part is left out when empty.
  if (!open.length) return null;
  const cols = COLUMNS.map(([c]) => c).join(', ');
  const structure = COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ').replaceAll("'", "\\'");
  const sql = `SELECT ${cols} FROM format(JSONEachRow, '${structure}', {open_legs:String}) WHERE ${legFilters(p).join(' AND ')}`;
  return { sql, params: { open_legs: open.map((l) => JSON.stringify(l)).join('\n') } };
}

/** Agent-state intervals in range (they have no queue, channel or campaign: only the agent filter applies). */
export function agentStates(p: ReportParams): string {
  return '(SELECT agent, state, reason, day, start_at, duration_ms FROM agent_states WHERE tenant = {tenant:String}'
    + ' AND day >= toDate({from_ts:DateTime64(3)}, {tz:String}) - 1 AND day <= toDate({to_ts:DateTime64(3)}, {tz:String}) + 1'
    + ' AND start_at >= {from_ts:DateTime64(3)} AND start_at < {to_ts:DateTime64(3)}'
    + (p.agents.length ? ' AND agent IN {agents:Array(String)}' : '') + ')';
}

/**
 * The hourly rollup in range, when it gives the same answer as the call legs: the table decider's rule (every metric
 * threshold-free, whole-hour range and offsets), no campaign filter (the rollup has no campaign) and no live legs in
 * range (they are not in the rollup). Else null: read callLegs.
 */
export function rollupRows(p: ReportParams, open: OpenLeg[], metrics: readonly CompiledMetric[]): Relation | null {
  if (p.campaigns.length) return null;
  const from = ts(p.from);
  const to = ts(p.to);
  if (open.some((l) => String(l.offered_at) >= from && String(l.offered_at) < to)) return null;
  if (decideCallTable({ from: p.from, to: p.to, timezone: p.timezone } as Query, [...metrics]) !== 'call_rollup_hourly') return null;
  const w = ['tenant = {tenant:String}', 'hour >= {from_ts:DateTime64(3)}', 'hour < {to_ts:DateTime64(3)}'];
  if (p.queues.length) w.push('queue IN {queues:Array(String)}');
  if (p.agents.length) w.push('agent IN {agents:Array(String)}');
  if (p.channels.length) w.push('channel IN {channels:Array(String)}');
  return { sql: `(SELECT * FROM call_rollup_hourly WHERE ${w.join(' AND ')})`, params: {} };
}

/** The key of a wait in call_waits_hourly and call_waits_daily (migrations 011, 012): the wait if a multiple of 5 s, else 5000·b + 1. */
const WAIT_KEY = 'toUInt32(if(wait_ms % 5000 = 0, wait_ms, wait_ms - wait_ms % 5000 + 1))';

/** The columns of a wait-histogram row, as the report SQL reads them (`offered_at` the row's period). */
const AGG_COLS = 'offered_at, queue, channel, outcome, exit_reason, finished, wait_key, calls, wait_ms, talk_ms, wrap_ms, transferred, max_wait_ms';

/**
 * Call legs (a SELECT) in the histogram's shape, one row per `period` (an expression of offered_at, a DateTime('UTC'))
 * × queue × channel × outcome × exit reason × finished × wait key.
 * :TRICKY: the inner SELECT renames the columns, or `max(wait_ms)` would resolve to the alias of sum(wait_ms) (as in 002_rollup.sql).
 */
function legsAsHistogram(legs: string, period: string): string {
  return `SELECT ${AGG_COLS} FROM (SELECT h AS offered_at, queue, channel, outcome, exit_reason, finished, k AS wait_key, count() AS calls,
      sum(w) AS wait_ms, sum(t) AS talk_ms, sum(wr) AS wrap_ms, sum(tr) AS transferred, max(w) AS max_wait_ms
    FROM (SELECT ${period} AS h, queue, channel, outcome, exit_reason, finished, wait_ms AS w, talk_ms AS t,
            wrap_ms AS wr, toUInt64(transferred) AS tr, ${WAIT_KEY} AS k FROM (${legs}))
    GROUP BY h, queue, channel, outcome, exit_reason, finished, k)`;
}

/** Whether the histogram tables can serve these report parameters and metrics at all (their common conditions). */
function histogramUsable(p: ReportParams, settings: TenantSettings, sql: SqlSettings, metrics: readonly CompiledMetric[]): boolean {
  if (p.agents.length || p.campaigns.length || !aggThresholdsExact(settings)) return false;
  return metrics.every((m) => metricAggSql(m, sql) !== null);
}

/**
 * The hourly wait histogram in range (call_waits_hourly, migration 011), when it gives the same answer as the call
 * legs: every metric readable from it (components.ts AGG_SQL), every threshold a multiple of 5 s, a whole-hour
 * range in a whole-hour zone (its hours are UTC hours: a :30 or :45 zone reads the legs), no agent or campaign filter
 * (it has neither). Its rows carry the hour as `offered_at`, so a query grouping legs by local day, hour or weekday
 * groups them alike. The legs of live state are added in the same shape, so today counts as in callLegs. Else null.
 */
export function waitRows(p: ReportParams, open: OpenLeg[], settings: TenantSettings, sql: SqlSettings, metrics: readonly CompiledMetric[]): Relation | null {
  if (!histogramUsable(p, settings, sql, metrics) || !wholeHours(p.from, p.to, p.timezone)) return null;
  const w = ['tenant = {tenant:String}', 'hour >= {from_ts:DateTime64(3)}', 'hour < {to_ts:DateTime64(3)}'];
  if (p.queues.length) w.push('queue IN {queues:Array(String)}');
  if (p.channels.length) w.push('channel IN {channels:Array(String)}');
  const stored = `SELECT hour AS offered_at, ${AGG_COLS.slice('offered_at, '.length)} FROM call_waits_hourly WHERE ${w.join(' AND ')}`;
  const live = liveLegs(p, open);
  if (!live) return { sql: `(${stored})`, params: {} };
  return { sql: `(${stored} UNION ALL ${legsAsHistogram(live.sql, "toDateTime(toStartOfHour(offered_at), 'UTC')")})`, params: live.params };
}

/** The local midnight starting the local day of `expr` (an instant), as a DateTime('UTC'). */
const localMidnight = (date: string) => `toDateTime(toDateTime(${date}, {tz:String}), 'UTC')`;

/**
 * Whether every fact stored with a day around the range (two days either side: zone offsets span 26 hours) lies in
 * that day in the tenant's current zone — as a scalar subquery of call_waits_daily's first_at / last_at (a day's
 * earliest and latest call). call_facts.day is fixed at insert; after a change of zone it may no longer be the local
 * day, and then the daily rows would put calls on the wrong day. When it holds, the calls in range by the current zone
 * are exactly the calls whose stored day is in range.
 */
const DAYS_IN_ZONE = `(SELECT count() = 0 FROM (SELECT day, min(first_at) AS f, max(last_at) AS l FROM call_waits_daily
    WHERE tenant = {tenant:String} AND day >= {from_day:Date} - 2 AND day <= {to_day:Date} + 2 GROUP BY day)
  WHERE toDate(f, {tz:String}) != day OR toDate(l, {tz:String}) != day)`;

/** Whether [from, to) is whole local days of the zone. */
function wholeDays(from: number, to: number, tz: string): boolean {
  const midnight = (ms: number) => DateTime.fromMillis(ms, { zone: tz }).startOf('day').toMillis() === ms;
  return midnight(from) && midnight(to);
}

/**
 * The daily wait histogram in range (call_waits_daily, migration 012), for a query that groups by local day or not at
 * all (a by-day table, totals): the conditions of waitRows, but whole local days instead of whole hours — in any zone,
 * a :30 one too, DST days included (a day row is the local day whatever its length). Its rows carry the local midnight
 * as `offered_at`. In the same statement the stored days are checked against the current zone (DAYS_IN_ZONE): if the
 * zone changed around the range, the stored call legs are read instead, grouped the same way (ClickHouse evaluates the
 * scalar once and reads nothing of the branch its constant condition rules out). Live legs added as in waitRows.
 */
export function dailyRows(p: ReportParams, open: OpenLeg[], settings: TenantSettings, sql: SqlSettings, metrics: readonly CompiledMetric[]): Relation | null {
  if (!histogramUsable(p, settings, sql, metrics) || !wholeDays(p.from, p.to, p.timezone)) return null;
  const w = ['tenant = {tenant:String}', 'day >= {from_day:Date}', 'day <= {to_day:Date}', `${DAYS_IN_ZONE} = 1`];
  if (p.queues.length) w.push('queue IN {queues:Array(String)}');
  if (p.channels.length) w.push('channel IN {channels:Array(String)}');
  const stored = `SELECT ${localMidnight('day')} AS offered_at, ${AGG_COLS.slice('offered_at, '.length)} FROM call_waits_daily WHERE ${w.join(' AND ')}`;
  const byDay = localMidnight('toDate(offered_at, {tz:String})');
  const fallback = legsAsHistogram(storedLegs(p, `${DAYS_IN_ZONE} = 0`), byDay);
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: p.timezone }).toISODate();
  const params = { from_day: day(p.from), to_day: day(p.to - 1) };
  const live = liveLegs(p, open);
  const parts = [stored, fallback, ...(live ? [legsAsHistogram(live.sql, byDay)] : [])];
  return { sql: `(${parts.join(' UNION ALL ')})`, params: { ...params, ...live?.params } };
}
