/**
 * Simulated history written straight into ClickHouse: call facts for whole past days by INSERT … SELECT from
 * numbers() (one statement a day, so the engine's own commits are never held up for long), and agent-state
 * intervals derived from those facts. The rollup fills itself (its materialized view). Figures follow the metric
 * definitions: every fact has left its queue (answered, abandoned or exited), waits, talk and wrap-up are
 * plausible (ASA ~15 s, abandons after ~1 min), each answered call has an agent of its queue, and each agent's
 * day is ready + busy (its talk) + wrap-up (its wrap-up), so occupancy lands around 60-85 %.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { DateTime } from 'luxon';
import { buildAgents, buildQueues } from './engine-model.ts';
import { engineConfig } from './generate.ts';
import { literal } from '../exports/sql-literal.ts';

export interface HistorySpec {
  tenant: string;
  timezone: string;
  /** Calls offered on the busiest weekday, all queues together: each day draws 80-100 % of it (weekends: about a third). */
  callsPerDay: number;
  /** Queue names with their weights and channel, and the agents serving each. */
  queues: { name: string; channel: 'voice' | 'chat'; weight: number; agents: string[] }[];
  retentionDays: number;
}

/** The demo centre's queues and team at a simulator scale (the live simulator's own). */
export function demoHistorySpec(tenant: string, timezone: string, scale: number, retentionDays: number): HistorySpec {
  const cfg = engineConfig({ tenant, timezone, scale }, 0, 1);
  const queues = buildQueues(cfg);
  const agents = buildAgents(cfg, queues);
  return {
    tenant, timezone, retentionDays,
    callsPerDay: Math.round(queues.reduce((n, q) => n + q.perDay, 0)),
    queues: queues.map((q) => ({ name: q.spec.name, channel: q.spec.channel, weight: q.spec.callsPerDay, agents: agents.filter((a) => a.queueNames.includes(q.spec.name)).map((a) => a.name) })),
  };
}

/** One INSERT of the call facts of `days` local days from `fromDay` (YYYY-MM-DD). */
export function callFactsSql(spec: HistorySpec, fromDay: string, days: number): string {
  const weights = spec.queues.flatMap((q) => Array(Math.max(1, Math.round(q.weight / 5))).fill(q.name) as string[]);
  const channels = Object.fromEntries(spec.queues.map((q) => [q.name, q.channel]));
  const agentMap = `map(${spec.queues.map((q) => `${literal(q.name)}, ${literal(q.agents.length ? q.agents : ['agent'])}`).join(', ')})`;
  const chanMap = `map(${Object.entries(channels).map(([k, v]) => `${literal(k)}, ${literal(v)}`).join(', ')})`;
  const tz = literal(spec.timezone);
  const perDay = spec.callsPerDay;
  // :NOTE: h(i) are independent hashes of the row number and its day (so no two days are alike); u a uniform in [0, 1)
  // from one of them; vol the day's volume, 80-100 % of callsPerDay.
  return `
INSERT INTO call_facts (tenant, fact_id, call_id, queue, caller, channel, campaign, day, offered_at, answered_at, ended_at, agent,
                        wait_ms, talk_ms, wrap_ms, outcome, exit_reason, ended_by, transferred, retain_until)
SELECT tenant, fact_id, call_id, queue, caller, channel, '', day, offered_at,
       if(outcome = 'answered', offered_at + toIntervalMillisecond(wait_ms), NULL),
       offered_at + toIntervalMillisecond(wait_ms + talk_ms), agent, wait_ms, talk_ms, wrap_ms, outcome,
       if(outcome = 'exited', 'timeout', ''), multiIf(outcome = 'answered', if(h7 % 2 = 0, 'agent', 'caller'), outcome = 'abandoned', 'caller', 'system'),
       0, day + ${spec.retentionDays}
FROM (
  SELECT ${literal(spec.tenant)} AS tenant, number AS n, toDate(${literal(fromDay)}) + intDiv(n, ${perDay}) AS day, toUInt32(day) AS dn,
         cityHash64(n, 1, dn) AS h1, cityHash64(n, 2, dn) AS h2, cityHash64(n, 3, dn) AS h3, cityHash64(n, 4, dn) AS h4, cityHash64(n, 5, dn) AS h5,
         cityHash64(n, 6, dn) AS h6, cityHash64(n, 7, dn) AS h7, cityHash64(n, 8, dn) AS h8, (h6 % 1000000) / 1000000.0 AS u,
         0.8 + (cityHash64(dn, 9) % 201) / 1000.0 AS vol,
         arrayElement(${literal(weights)}, 1 + h4 % ${weights.length}) AS queue,
         ${chanMap}[queue] AS channel,
         multiIf(h5 % 1000 < 880, 'answered', h5 % 1000 < 975, 'abandoned', 'exited') AS outcome,
         -- arrivals peak mid-day: the mean of two uniforms over 08:00-20:00 local
         toDateTime64(toDateTime(day, ${tz}) + 28800 + intDiv(h1 % 43200 + h2 % 43200, 2), 3, 'UTC') + toIntervalMillisecond(h3 % 1000) AS offered_at,
         toUInt32(least(multiIf(outcome = 'answered', -log(1 - u) * 15000, outcome = 'abandoned', -log(1 - u) * 60000, 180000 + u * 120000), 3600000)) AS wait_ms,
         toUInt32(if(outcome = 'answered', 30000 + -log(1 - ((h7 % 1000003) / 1000003.0)) * 170000, 0)) AS talk_ms,
         toUInt32(if(outcome = 'answered', 3000 + (h2 % 25000), 0)) AS wrap_ms,
         ${agentMap}[queue] AS members,
         if(outcome = 'answered', arrayElement(members, 1 + h3 % length(members)), '') AS agent,
         concat('hist-', toString(day), '-', toString(n % ${perDay})) AS call_id,
         concat(call_id, '|', queue) AS fact_id,
         concat('+39', toString(3000000000 + h5 % 999999999)) AS caller
  FROM numbers(${perDay * days})
  -- the day's volume; weekends: about a third of a weekday's calls
  WHERE h8 % 1000 < vol * 1000 AND (toDayOfWeek(day) < 6 OR h7 % 3 = 0)
)`;
}

/** Agent-state intervals of those days, from the facts: each agent's busy (talk) and wrap-up, and ready around them. */
export function agentStatesSql(spec: HistorySpec, fromDay: string, toDay: string): string {
  const tz = literal(spec.timezone);
  return `
INSERT INTO agent_states (tenant, agent, state, reason, queue, day, start_at, end_at, duration_ms, retain_until)
SELECT tenant, agent, st.1, '', '', day, start_at, start_at + toIntervalMillisecond(st.2), st.2, day + ${spec.retentionDays}
FROM (
  SELECT tenant, agent, day, toDateTime64(toDateTime(day, ${tz}) + 28800, 3, 'UTC') AS start_at, sum(talk_ms) AS busy, sum(wrap_ms) AS wrap,
         -- ready: what makes occupancy 60-85 % for the agent's day
         toUInt64((busy + wrap) * (0.18 + (cityHash64(agent, day) % 50) / 100.0)) AS ready
  FROM call_facts
  WHERE tenant = ${literal(spec.tenant)} AND day >= ${literal(fromDay)} AND day <= ${literal(toDay)} AND outcome = 'answered' AND fact_id LIKE 'hist-%'
  GROUP BY tenant, agent, day
)
ARRAY JOIN [('ready', toUInt32(least(ready, 4294967295))), ('busy', toUInt32(least(busy, 4294967295))), ('wrap_up', toUInt32(least(wrap, 4294967295)))] AS st
WHERE st.2 > 0`;
}

/** Days (YYYY-MM-DD) of the `days` local days before today that have no call facts of the tenant yet. */
async function missingDays(ch: ClickHouseClient, tenant: string, timezone: string, days: number, now: number): Promise<string[]> {
  const today = DateTime.fromMillis(now, { zone: timezone }).startOf('day');
  const wanted = Array.from({ length: days }, (_, i) => today.minus({ days: days - i }).toISODate() as string);
  const rs = await ch.query({ query: 'SELECT DISTINCT toString(day) AS d FROM call_facts WHERE tenant = {tenant:String} AND day >= {from:Date} AND day < {to:Date}',
    query_params: { tenant, from: wanted[0], to: today.toISODate() }, format: 'JSONEachRow' });
  const have = new Set((await rs.json<{ d: string }>()).map((r) => r.d));
  return wanted.filter((d) => !have.has(d));
}

/**
 * The demo tenant's past `days` days, written in the background, day by day, with progress in the log. Days that
 * already have calls (a real engine ran then, or an earlier start wrote them) are left alone. `stopped` ends it
 * between days (the engine is stopping); the next start writes the days still missing.
 */
export async function writeDemoHistory(ch: ClickHouseClient, spec: HistorySpec, days: number, log: Logger, stopped: () => boolean,
  opts: { now?: number; /** idle time after each day, as a multiple of its write time */ idle?: number } = {}): Promise<number> {
  const now = opts.now ?? Date.now();
  const todo = await missingDays(ch, spec.tenant, spec.timezone, days, now);
  if (!todo.length) return 0;
  const started = Date.now();
  log.info({ tenant: spec.tenant, days: todo.length, from: todo[0], to: todo.at(-1) }, 'demo history: writing past days in the background');
  let done = 0;
  for (const day of todo) {
    if (stopped()) break;
    const t = Date.now();
    await ch.command({ query: callFactsSql(spec, day, 1) });
    await ch.command({ query: agentStatesSql(spec, day, day) });
    done += 1;
    if (done % 15 === 0 || done === todo.length) log.info({ tenant: spec.tenant, done, of: todo.length }, 'demo history: progress');
    // Low priority: twice the day's write time idle, so the engine's commits, the simulator and the pages come first.
    await new Promise((r) => setTimeout(r, (opts.idle ?? 2) * (Date.now() - t)));
  }
  log.info({ tenant: spec.tenant, days: done, ms: Date.now() - started }, 'demo history written');
  return done;
}
