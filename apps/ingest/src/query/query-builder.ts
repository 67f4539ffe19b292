/**
 * Builds parameterised ClickHouse SQL for a Query: one statement per source table (call_facts,
 * agent_states). Metric expressions come from the catalogue; user input only ever enters as
 * bound parameters, never as SQL text.
 */
import { callbackFiguresSql, ticketFiguresSql, ticketFilterParams, metricRollupSql, metricSql, sqlSettings, type CompiledMetric, type Source, type TenantSettings, type TicketGroup } from '@callboard/metrics';
import type { Group, Query } from './query-parser.ts';
import { decideCallTable, type CallTable } from './table-decider.ts';

export interface Statement {
  source: Source;
  sql: string;
  params: Record<string, unknown>;
  metrics: CompiledMetric[];
  /** Groups this statement can produce (agent states have no queue or channel). */
  groupBy: Group[];
  table: string;
}

const TABLES = {
  call_facts: { time: 'offered_at', day: 'day' },
  call_rollup_hourly: { time: 'hour', day: null },
  agent_states: { time: 'start_at', day: 'day' },
} as const;
type Table = keyof typeof TABLES;

/**
 * The label of the local hour that starts at `hourStart` (a DateTime in the tenant's zone), with its UTC offset:
 * `2026-10-25T02:00+02:00`. :TRICKY: without the offset the two 02:00 hours of an autumn DST change would be one
 * key (one row); and a zone with a 30-minute offset (Asia/Kolkata) starts its hours at :30 UTC, which
 * toStartOfHour(t, tz) gets right.
 */
export function hourLabelSql(hourStart: string): string {
  const z = `formatDateTime(${hourStart}, '%z', {tz:String})`;
  return `concat(formatDateTime(${hourStart}, '%Y-%m-%dT%H:00', {tz:String}), substring(${z}, 1, 3), ':', substring(${z}, 4, 2))`;
}

function groupExpr(group: Group, source: Source, table: Table): string | null {
  const time = TABLES[table].time;
  switch (group) {
    case 'day': return `toString(toDate(${time}, {tz:String}))`;
    case 'hour': return hourLabelSql(`toStartOfHour(${time}, {tz:String})`);
    case 'queue': return source === 'calls' ? 'queue' : null;
    case 'agent': return 'agent';
    case 'channel': return source === 'calls' ? 'channel' : null;
    // Ticket groups: ticket metrics alone (parseQuery), read by buildTicketStatement, never from the call tables.
    case 'ticketType':
    case 'handler': return null;
  }
}

/** Hours sort by their instant: `02:00+02:00` comes before `02:00+01:00` on an autumn DST day. */
const orderExpr = (g: Group, time: string) => (g === 'hour' ? `min(toStartOfHour(${time}))` : `g_${g}`);

const ms = (v: number) => new Date(v).toISOString().replace('T', ' ').replace('Z', '');

export function buildStatements(q: Query, settings: TenantSettings, prefer?: CallTable): Statement[] {
  const sqlSet = sqlSettings(settings);
  const out: Statement[] = [];
  for (const source of ['calls', 'agents'] as const) {
    const metrics = q.metrics.filter((m) => m.source === source);
    if (!metrics.length) continue;
    // Agent-state metrics have no queue or channel: they are left out of such groupings.
    const table: Table = source === 'agents' ? 'agent_states' : decideCallTable(q, metrics, prefer);
    if (source === 'agents' && q.groupBy.some((g) => groupExpr(g, source, table) === null)) continue;
    if (source === 'agents' && (q.queues.length || q.channels.length)) continue;
    const { time, day } = TABLES[table];
    const where = [
      'tenant = {tenant:String}',
      `${time} >= {from:DateTime64(3)} AND ${time} < {to:DateTime64(3)}`,
    ];
    // :NOTE: the day column is the partition and sort key: bounding it prunes the scan.
    if (day) where.push(`${day} >= toDate({from:DateTime64(3)}, {tz:String}) - 1 AND ${day} <= toDate({to:DateTime64(3)}, {tz:String}) + 1`);
    if (q.queues.length) where.push('queue IN {queues:Array(String)}');
    if (q.agents.length) where.push('agent IN {agents:Array(String)}');
    // Per-agent reports cover what agents did: unanswered calls have no agent.
    if (q.groupBy.includes('agent')) where.push(`agent != ''`);
    if (q.channels.length && source === 'calls') where.push('channel IN {channels:Array(String)}');
    const keys = q.groupBy.map((g) => `${groupExpr(g, source, table)} AS g_${g}`);
    const expr = (m: CompiledMetric) => (table === 'call_rollup_hourly' ? metricRollupSql(m)! : metricSql(m, sqlSet));
    const select = [...keys, ...metrics.map((m) => `${expr(m)} AS m_${m.id}`)];
    const sql = `SELECT ${select.join(', ')} FROM ${table} WHERE ${where.join(' AND ')}`
      + (keys.length ? ` GROUP BY ${q.groupBy.map((g) => `g_${g}`).join(', ')} ORDER BY ${q.groupBy.map((g) => orderExpr(g, time)).join(', ')}` : '');
    out.push({
      source, sql, metrics, groupBy: q.groupBy, table,
      params: { tenant: q.tenant, tz: q.timezone, from: ms(q.from), to: ms(q.to), queues: q.queues, agents: q.agents, channels: q.channels },
    });
  }
  return out;
}

/**
 * The statement of a Query's callback metrics: the state of the callback requests as of the end of the range (or
 * `now`, when the range ends later), over callback_history; per queue or in total. Null when the query groups or
 * filters by what a request has not (day, hour, agent, channel): those rows leave the callback metrics out.
 */
export function buildCallbackStatement(q: Query, now: number): { sql: string; params: Record<string, unknown> } | null {
  if (!q.callbackMetrics.length) return null;
  if (q.groupBy.some((g) => g !== 'queue') || q.agents.length || q.channels.length) return null;
  const byQueue = q.groupBy.includes('queue');
  return {
    sql: callbackFiguresSql({ byQueue, queueFilter: q.queues.length > 0 }),
    params: { tenant: q.tenant, at: ms(Math.min(q.to, now)), queues: q.queues },
  };
}

/** The ticket metrics' grouping (metrics.ts) of each query group a ticket has. */
const TICKET_GROUP_OF: Partial<Record<Group, TicketGroup>> = { ticketType: 'type', handler: 'handler' };

/**
 * The statement of a Query's ticket metrics: opened, finalised and time to finalise over [from, to) and backlog and
 * overdue as of `to` (or `now`, when the range ends later), over the ticket versions, in total or by ticket type or
 * handler — of the ticket types and handlers filtered on, if any. Null when the query groups or filters by what a
 * ticket has not (day, hour, queue, agent, channel): parseQuery refuses such a query, so only a Query built by hand
 * gets here with one.
 */
export function buildTicketStatement(q: Query, now: number): { sql: string; params: Record<string, unknown>; by: TicketGroup } | null {
  if (!q.ticketMetrics.length) return null;
  if (q.queues.length || q.agents.length || q.channels.length) return null;
  const by: TicketGroup | undefined = q.groupBy.length === 0 ? 'none' : q.groupBy.length === 1 ? TICKET_GROUP_OF[q.groupBy[0]] : undefined;
  if (!by) return null;
  const filter = { types: q.ticketTypes, handlers: q.handlers };
  return { sql: ticketFiguresSql(by, true), params: { tenant: q.tenant, from: q.from, to: Math.min(q.to, now), ...ticketFilterParams(filter) }, by };
}
