/**
 * The report tables, declared once: each gives its columns (in order), the one SELECT that produces its rows with
 * exactly those columns (the JSON answer, the CSV and the export path all run it), and its totals. Every figure is a
 * catalogue metric over call legs or agent states (columns.ts), so a report and a widget agree.
 */
import { DateTime } from 'luxon';
import type { SqlSettings, TenantSettings } from '@callboard/metrics';
import type { ReportId } from '@callboard/api';
import { DAYS as CALLBACK_DAYS } from '../callbacks/dashboard.ts';
import { hourLabelSql } from '../query/query-builder.ts';
import { metricById } from '@callboard/metrics';
import { col, metricAggSelects, metricColumn, metricRollupSelects, metricSelects, round1, type Column } from './columns.ts';
import { agentStates, baseParams, callLegs, dailyRows, rollupRows, waitRows, type OpenLeg } from './facts-source.ts';
import type { ReportParams } from './params.ts';

export interface Statement {
  sql: string;
  params: Record<string, unknown>;
}

export interface ReportContext {
  p: ReportParams;
  settings: TenantSettings;
  sql: SqlSettings;
  /** Legs live state holds (facts-source.ts). */
  open: OpenLeg[];
  /** Read call_facts even when a pre-aggregated table gives the same answer (tests compare the two). */
  rawFacts?: boolean;
}

export interface ReportDefinition {
  id: ReportId;
  title: string;
  description: string;
  /** Time groupings the table offers ([] when its rows are not periods). */
  groups: readonly ('day' | 'hour')[];
  columns(p: ReportParams): Column[];
  rows(c: ReportContext): Statement;
  /** The same columns over the whole range; absent for lists. */
  totals?(c: ReportContext): Statement;
  /** Lists are cut at this many rows. */
  limit?: number;
}

/**
 * Per-agent call metrics from the hourly rollup when it gives the same answer (13 months read in a fraction of the
 * time), else from the call legs.
 */
function agentCalls(c: ReportContext, grouped: boolean): Statement {
  const rollup = c.rawFacts ? null : rollupRows(c.p, c.open, AGENT_CALL_METRICS.map(metricById));
  const l = legsOf(c);
  const from = rollup ? rollup.sql : l.from;
  const selects = rollup ? metricRollupSelects(AGENT_CALL_METRICS) : metricSelects(AGENT_CALL_METRICS, c.sql);
  const sql = grouped ? `SELECT agent, ${selects.join(', ')} FROM ${from} WHERE agent != '' GROUP BY agent` : `SELECT ${selects.join(', ')} FROM ${from} WHERE agent != ''`;
  return { sql, params: l.params };
}

const legsOf = (c: ReportContext) => {
  const r = callLegs(c.p, c.open);
  return { from: r.sql, params: { ...baseParams(c.p), ...r.params } };
};

/**
 * Where a table of call metrics reads them, with their SELECT expressions: the daily wait histogram when the query
 * needs no finer period than the local day (`grain`) and it gives the same answer (facts-source.ts dailyRows), else
 * the hourly one (waitRows: 13 months read in a fraction of the time), else the call legs. Every relation has
 * `offered_at` (the local midnight, the hour, or the instant), so the same grouping serves any.
 */
function callMetrics(c: ReportContext, ids: readonly string[], grain: 'day' | 'hour'): { from: string; params: Record<string, unknown>; selects: string[] } {
  const metrics = ids.map(metricById);
  const agg = c.rawFacts ? null
    : (grain === 'day' ? dailyRows(c.p, c.open, c.settings, c.sql, metrics) : null) ?? waitRows(c.p, c.open, c.settings, c.sql, metrics);
  if (agg) return { from: agg.sql, params: { ...baseParams(c.p), ...agg.params }, selects: metricAggSelects(ids, c.sql) };
  const l = legsOf(c);
  return { ...l, selects: metricSelects(ids, c.sql) };
}

/** The period key of a time table: a local day (Date), or a local hour labelled with its offset. */
function periodColumn(p: ReportParams): Column {
  return p.groupBy === 'hour' ? col('hour', 'Hour', 'datetime') : col('day', 'Day', 'date');
}

/**
 * Rows per local day or hour of the range, a row for every period even without traffic (WITH FILL: counts 0,
 * ratios empty), up to the period holding the report's `now` (fill_to_ts: a future hour or day has no row). :TRICKY: hours are grouped by their instant (toStartOfHour in the zone), so an autumn DST day
 * has 25 rows and a :30 zone's hours start at :30 UTC; the label carries the offset.
 */
function byPeriod(c: ReportContext, selects: string[], from: string): string {
  if (c.p.groupBy === 'day') {
    return `SELECT toDate(offered_at, {tz:String}) AS day, ${selects.join(', ')} FROM ${from} GROUP BY day ORDER BY day`
      + ' WITH FILL FROM toDate({from_ts:DateTime64(3)}, {tz:String}) TO toDate({fill_to_ts:DateTime64(3)} - INTERVAL 1 MILLISECOND, {tz:String}) + 1 STEP 1';
  }
  return `SELECT ${hourLabelSql('h')} AS hour, * EXCEPT (h) FROM (`
    + `SELECT toStartOfHour(offered_at, {tz:String}) AS h, ${selects.join(', ')} FROM ${from} GROUP BY h ORDER BY h`
    + ' WITH FILL FROM toStartOfHour({from_ts:DateTime64(3)}, {tz:String}) TO toDateTime({fill_to_ts:DateTime64(3)}, {tz:String}) STEP INTERVAL 1 HOUR'
    + ') ORDER BY h';
}

/** A table of catalogue call metrics per day or hour, with totals. */
function timeTable(id: ReportId, title: string, description: string, metrics: readonly string[], hidden: readonly string[] = []): ReportDefinition {
  const all = [...metrics, ...hidden];
  return {
    id, title, description, groups: ['day', 'hour'],
    columns: (p) => [periodColumn(p), ...metrics.map((m) => metricColumn(m)), ...hidden.map((m) => metricColumn(m, false))],
    rows: (c) => {
      const m = callMetrics(c, all, c.p.groupBy);
      return { sql: byPeriod(c, m.selects, m.from), params: m.params };
    },
    totals: (c) => {
      const m = callMetrics(c, all, 'day');
      return { sql: `SELECT 'Total' AS ${c.p.groupBy}, ${m.selects.join(', ')} FROM ${m.from}`, params: m.params };
    },
  };
}

const QUEUE_METRICS = ['offered', 'answered', 'abandoned', 'short_abandoned', 'exited', 'exited_timeout', 'exited_key', 'exited_empty', 'exited_full',
  'service_level', 'service_quality', 'asa', 'aht', 'max_wait'] as const;

const AGENT_CALL_METRICS = ['answered', 'handled', 'avg_talk', 'avg_wrap', 'aht', 'transferred'] as const;
const AGENT_STATE_METRICS = ['occupancy', 'paused_time'] as const;

/** Pause time per reason of each agent, as text ("lunch 30 min, break 10 min"). */
const PAUSES = (states: string) => `SELECT agent, arrayStringConcat(groupArray(concat(if(reason = '', 'no reason', reason), ' ', toString(round(ms / 60000)), ' min')), ', ') AS pauses
  FROM (SELECT agent, reason, sum(duration_ms) AS ms FROM ${states} WHERE state = 'paused' GROUP BY agent, reason ORDER BY ms DESC) GROUP BY agent`;

const agents: ReportDefinition = {
  id: 'agents', title: 'Agent performance',
  description: 'Per agent: calls answered and handled, talk, wrap-up, AHT, transfers, occupancy and pause time by reason, ranked by calls handled. Occupancy and pauses come from agent states, which have no queue, channel or campaign.',
  groups: [],
  columns: () => [col('rank', 'Rank', 'number', { unit: 'count' }), col('agent', 'Agent', 'string'),
    ...AGENT_CALL_METRICS.map((m) => metricColumn(m)), ...AGENT_STATE_METRICS.map((m) => metricColumn(m)), col('pauses', 'Pause by reason', 'string')],
  rows: (c) => {
    const l = agentCalls(c, true);
    const states = agentStates(c.p);
    const calls = l.sql;
    const st = `SELECT agent, ${metricSelects(AGENT_STATE_METRICS, c.sql).join(', ')} FROM ${states} GROUP BY agent`;
    const sql = `SELECT row_number() OVER (ORDER BY handled DESC, answered DESC, agent) AS rank, agent, ${AGENT_CALL_METRICS.join(', ')}, ${AGENT_STATE_METRICS.join(', ')}, pauses
      FROM (SELECT agent, ${AGENT_CALL_METRICS.map((m) => `c.${m} AS ${m}`).join(', ')}, ${AGENT_STATE_METRICS.map((m) => `s.${m} AS ${m}`).join(', ')}
            FROM (${calls}) AS c FULL OUTER JOIN (${st}) AS s USING (agent)) AS a
      LEFT JOIN (${PAUSES(states)}) AS pz USING (agent)
      ORDER BY rank`;
    return { sql, params: l.params };
  },
  totals: (c) => {
    const l = agentCalls(c, false);
    const states = agentStates(c.p);
    const sql = `SELECT NULL AS rank, 'Total' AS agent, ${AGENT_CALL_METRICS.map((m) => `c.${m}`).join(', ')}, ${AGENT_STATE_METRICS.map((m) => `s.${m}`).join(', ')}, '' AS pauses
      FROM (${l.sql}) AS c
      CROSS JOIN (SELECT ${metricSelects(AGENT_STATE_METRICS, c.sql).join(', ')} FROM ${states}) AS s`;
    return { sql, params: l.params };
  },
};

const HEAT_METRICS = ['offered', 'answered', 'abandoned', 'missed', 'service_level', 'asa'] as const;

const callersHeatmap: ReportDefinition = {
  id: 'callers-heatmap', title: 'Callers by weekday and hour',
  description: 'Calls offered and abandoned per hour of the day and weekday (the tenant\'s time), over the range: the busiest days and hours, for staffing.',
  groups: [],
  columns: () => [col('weekday', 'Weekday', 'string'), col('hour', 'Hour', 'number', { unit: 'count' }), ...HEAT_METRICS.map((m) => metricColumn(m))],
  rows: (c) => {
    const l = callMetrics(c, HEAT_METRICS, 'hour');
    const agg = `SELECT toDayOfWeek(offered_at, 0, {tz:String}) AS wd, toHour(offered_at, {tz:String}) AS hr, ${l.selects.join(', ')} FROM ${l.from} GROUP BY wd, hr`;
    const sql = `SELECT ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][g.wd] AS weekday, g.hr AS hour, ${HEAT_METRICS.map((m) => `a.${m} AS ${m}`).join(', ')}
      FROM (SELECT number AS n, toUInt8(intDiv(number, 24) + 1) AS wd, toUInt8(number % 24) AS hr FROM numbers(168)) AS g
      LEFT JOIN (${agg}) AS a ON g.wd = a.wd AND g.hr = a.hr ORDER BY g.n`;
    return { sql, params: l.params };
  },
  totals: (c) => {
    const l = callMetrics(c, HEAT_METRICS, 'day');
    return { sql: `SELECT 'Total' AS weekday, NULL AS hour, ${l.selects.join(', ')} FROM ${l.from}`, params: l.params };
  },
};

const REPEAT_METRICS = ['offered', 'answered', 'abandoned', 'missed'] as const;
const localTime = (expr: string) => `formatDateTime(${expr}, '%Y-%m-%d %H:%i:%S', {tz:String})`;

const callersRepeat: ReportDefinition = {
  id: 'callers-repeat', title: 'Repeat callers',
  description: 'Callers who called more than once in the range, most calls first (up to 500).',
  groups: [], limit: 500,
  columns: () => [col('caller', 'Caller', 'string'), col('calls', 'Calls', 'number', { unit: 'count' }), ...REPEAT_METRICS.map((m) => metricColumn(m)),
    col('first_call', 'First call', 'datetime'), col('last_call', 'Last call', 'datetime')],
  rows: (c) => {
    const l = legsOf(c);
    const sql = `SELECT caller, toFloat64(uniqExact(call_id)) AS calls, ${metricSelects(REPEAT_METRICS, c.sql).join(', ')},
        ${localTime('min(offered_at)')} AS first_call, ${localTime('max(offered_at)')} AS last_call
      FROM ${l.from} WHERE caller != '' GROUP BY caller HAVING uniqExact(call_id) > 1 ORDER BY calls DESC, last_call DESC, caller LIMIT 500`;
    return { sql, params: l.params };
  },
};

const MISSED_METRICS = ['offered', 'missed', 'abandoned', 'short_abandoned', 'exited'] as const;
const CALLBACK_COUNTS = [
  ['total', 'Callback requests'], ['servedInbound', 'Served inbound'], ['handledByCallback', 'Handled by callback'],
  ['callbacksWithoutAnswer', 'Callbacks without answer'], ['notHandled', 'Not handled'], ['forcedClose', 'Forced close'], ['open', 'Still open'],
] as const;

/** The callbacks dashboard's parameters: its days are strings and its queue filter one queue. */
function callbackParams(p: ReportParams): Record<string, unknown> {
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: p.timezone }).toISODate();
  // type 'queue': the episodes a queue's missed calls opened (not campaign entries), as the dashboard's default.
  return { from: day(p.from), to: day(p.to - 1), queue: p.queues.length === 1 ? p.queues[0] : '', type: 'queue', campaign: '' };
}

const missed: ReportDefinition = {
  id: 'missed', title: 'Missed calls and callbacks',
  description: 'Per day: calls missed (abandoned or exited, not short abandons) and what became of their callback requests — the callbacks dashboard\'s figures, from its own definitions (requests by the day of their first missed call; the queue filter applies when one queue is chosen).',
  groups: ['day'],
  columns: () => [col('day', 'Day', 'date'), ...MISSED_METRICS.map((m) => metricColumn(m)),
    ...CALLBACK_COUNTS.map(([k, label]) => col(`cb_${k}`, label, 'number', { unit: 'count', description: 'callbacks dashboard' }))],
  rows: (c) => {
    const l = callMetrics(c, MISSED_METRICS, 'day');
    const daily = byPeriod({ ...c, p: { ...c.p, groupBy: 'day' } }, l.selects, l.from);
    const sql = `SELECT f.day AS day, ${MISSED_METRICS.map((m) => `f.${m} AS ${m}`).join(', ')}, ${CALLBACK_COUNTS.map(([k]) => `toFloat64(cb.${k}) AS cb_${k}`).join(', ')}
      FROM (${daily}) AS f LEFT JOIN (${CALLBACK_DAYS}) AS cb ON toString(f.day) = cb.day ORDER BY day`;
    return { sql, params: { ...l.params, ...callbackParams(c.p) } };
  },
  totals: (c) => {
    const l = callMetrics(c, MISSED_METRICS, 'day');
    const sql = `SELECT 'Total' AS day, ${MISSED_METRICS.map((m) => `f.${m}`).join(', ')}, ${CALLBACK_COUNTS.map(([k]) => `toFloat64(cb.${k}) AS cb_${k}`).join(', ')}
      FROM (SELECT ${l.selects.join(', ')} FROM ${l.from}) AS f
      CROSS JOIN (SELECT ${CALLBACK_COUNTS.map(([k]) => `sum(${k}) AS ${k}`).join(', ')} FROM (${CALLBACK_DAYS})) AS cb`;
    return { sql, params: { ...l.params, ...callbackParams(c.p) } };
  },
};

const calls: ReportDefinition = {
  id: 'calls', title: 'Calls',
  description: 'Every call leg offered in the range (the drill-down from a day or an hour), oldest first, up to 2,000; a call in progress shows "in progress".',
  groups: [], limit: 2000,
  columns: () => [col('time', 'Offered', 'datetime'), col('call_id', 'Call', 'string'), col('queue', 'Queue', 'string'), col('caller', 'Caller', 'string'),
    col('channel', 'Channel', 'string'), col('campaign', 'Campaign', 'string', { visible: false }), col('agent', 'Agent', 'string'), col('outcome', 'Outcome', 'string'),
    col('exit_reason', 'Exit reason', 'string', { visible: false }), col('wait', 'Wait (s)', 'number', { unit: 'seconds' }),
    col('talk', 'Talk (s)', 'number', { unit: 'seconds' }), col('state', 'State', 'string')],
  rows: (c) => {
    const l = legsOf(c);
    const sql = `SELECT ${localTime('offered_at')} AS time, call_id, queue, caller, channel, campaign, agent, outcome, exit_reason,
        ${round1('wait_ms / 1000')} AS wait, ${round1('talk_ms / 1000')} AS talk, if(finished = 1, 'finished', 'in progress') AS state
      FROM ${l.from} ORDER BY offered_at, call_id, queue LIMIT 2000`;
    return { sql, params: l.params };
  },
};

export const REPORTS: Record<ReportId, ReportDefinition> = {
  queues: timeTable('queues', 'Queue report',
    'Per day or hour: calls offered, answered, abandoned (short abandons among them), exited by reason, service level, service quality, ASA, AHT and the longest wait.',
    QUEUE_METRICS, ['missed', 'abandon_rate', 'avg_abandon_wait']),
  agents,
  'callers-heatmap': callersHeatmap,
  'callers-repeat': callersRepeat,
  service: timeTable('service', 'Service level and quality',
    'The trend of service level (answered within the threshold ÷ offered less short abandons) and service quality (seed 002) per day or hour.',
    ['offered', 'short_abandoned', 'answered_in_sl', 'service_level', 'service_quality', 'abandon_rate', 'asa', 'max_wait']),
  historic: { ...timeTable('historic', 'Historic report',
    'The daily table over any range, with totals: the day\'s traffic, service and handling in one row.',
    ['offered', 'answered', 'abandoned', 'short_abandoned', 'exited', 'missed', 'service_level', 'service_quality', 'abandon_rate', 'asa', 'avg_abandon_wait', 'aht', 'avg_talk', 'avg_wrap', 'max_wait', 'transferred']), groups: ['day'] },
  missed,
  calls,
};
