/**
 * Components: the additive quantities every metric is a formula over. Each has a live contribution
 * (from one call leg or agent interval) and a ClickHouse aggregate over the facts tables. A metric
 * composed only of components therefore gives the same number live and in SQL.
 */
import type { AgentInterval, CallFact } from './facts.ts';
import { rollupRead } from './rollup.ts';
import type { QueueSettings } from './settings.ts';

/** Per-queue settings as SQL expressions over the `queue` column (see sql-settings.ts). */
export interface SqlSettings {
  sl: string;
  short: string;
  tref: string;
  tlim: string;
  beta: string;
}

interface Base {
  id: string;
  description: string;
}
/** Summed over call legs. */
export interface CallSum extends Base {
  source: 'calls';
  combine: 'sum';
  live: (f: CallFact, s: QueueSettings) => number;
  sql: (s: SqlSettings) => string;
}
/** Maximum over call legs. */
export interface CallMax extends Base {
  source: 'calls';
  combine: 'max';
  live: (f: CallFact) => number | null;
  sql: (s: SqlSettings) => string;
}
/** Count of distinct values over call legs. */
export interface CallDistinct extends Base {
  source: 'calls';
  combine: 'distinct';
  live: (f: CallFact) => string | null;
  sql: (s: SqlSettings) => string;
}
/** Summed over agent-state intervals. */
export interface AgentSum extends Base {
  source: 'agents';
  combine: 'sum';
  live: (i: AgentInterval) => number;
  sql: () => string;
}
export type Component = CallSum | CallMax | CallDistinct | AgentSum;

const decided = (f: CallFact) => f.outcome !== 'waiting';
const answered = (f: CallFact) => f.outcome === 'answered';
const handled = (f: CallFact) => f.outcome === 'answered' && f.finished;
const num = (b: boolean) => (b ? 1 : 0);
/** Components are Float64 in SQL so differences never wrap around as unsigned integers. */
const f64 = (expr: string) => `toFloat64(${expr})`;

/** Service-quality score of one answered call (README "Metrics"): β-penalised early, linear decay to 0 at Tlim. */
export function serviceQualityScore(waitMs: number, s: QueueSettings): number {
  if (waitMs <= s.trefMs) return 1 - (s.beta * (s.trefMs - waitMs)) / s.trefMs;
  if (waitMs < s.tlimMs) return 1 - (waitMs - s.trefMs) / (s.tlimMs - s.trefMs);
  return 0;
}

const callSum = (id: string, description: string, live: CallSum['live'], sql: CallSum['sql']): CallSum =>
  ({ id, description, source: 'calls', combine: 'sum', live, sql });
const exitedBy = (reason: string) =>
  callSum(`c_exited_${reason}`, `Calls that left the queue unanswered by ${reason}`,
    (f) => num(f.outcome === 'exited' && f.exitReason === reason),
    () => f64(`countIf(outcome = 'exited' AND exit_reason = '${reason}')`));
const agentState = (state: string, id: string) => ({
  id, description: `Agent time in state ${state}, ms (closed intervals)`, source: 'agents', combine: 'sum',
  live: (i: AgentInterval) => (i.state === state ? i.durationMs : 0),
  sql: () => f64(`sumIf(duration_ms, state = '${state}')`),
}) satisfies AgentSum;

export const COMPONENTS = [
  callSum('c_offered', 'Calls that left the queue (answered, abandoned or exited)', (f) => num(decided(f)), () => f64('count()')),
  callSum('c_answered', 'Calls answered by an agent', (f) => num(answered(f)), () => f64(`countIf(outcome = 'answered')`)),
  callSum('c_abandoned', 'Callers who hung up while waiting', (f) => num(f.outcome === 'abandoned'), () => f64(`countIf(outcome = 'abandoned')`)),
  callSum('c_short_abandoned', 'Abandons within the short-abandon threshold',
    (f, s) => num(f.outcome === 'abandoned' && f.waitMs < s.shortAbandonMs),
    (s) => f64(`countIf(outcome = 'abandoned' AND wait_ms < ${s.short})`)),
  callSum('c_exited', 'Calls that left the queue unanswered (timeout, key, empty, full)', (f) => num(f.outcome === 'exited'), () => f64(`countIf(outcome = 'exited')`)),
  exitedBy('timeout'), exitedBy('key'), exitedBy('empty'), exitedBy('full'),
  callSum('c_answered_in_sl', 'Answered with wait ≤ the service-level threshold',
    (f, s) => num(answered(f) && f.waitMs <= s.slThresholdMs),
    (s) => f64(`countIf(outcome = 'answered' AND wait_ms <= ${s.sl})`)),
  callSum('c_wait_answered_ms', 'Sum of waits of answered calls, ms', (f) => (answered(f) ? f.waitMs : 0), () => f64(`sumIf(wait_ms, outcome = 'answered')`)),
  callSum('c_wait_abandoned_ms', 'Sum of waits of abandoned calls, ms', (f) => (f.outcome === 'abandoned' ? f.waitMs : 0), () => f64(`sumIf(wait_ms, outcome = 'abandoned')`)),
  callSum('c_handled', 'Answered calls whose talk and wrap-up are finished', (f) => num(handled(f)), () => f64(`countIf(outcome = 'answered' AND finished = 1)`)),
  callSum('c_talk_ms', 'Talk time of handled calls, ms', (f) => (handled(f) ? f.talkMs : 0), () => f64(`sumIf(talk_ms, outcome = 'answered' AND finished = 1)`)),
  callSum('c_wrap_ms', 'Wrap-up time of handled calls, ms', (f) => (handled(f) ? f.wrapMs : 0), () => f64(`sumIf(wrap_ms, outcome = 'answered' AND finished = 1)`)),
  callSum('c_transferred', 'Answered calls transferred by the agent', (f) => num(answered(f) && f.transferred), () => f64(`countIf(transferred = 1)`)),
  callSum('c_sq_score', 'Sum of per-call service-quality scores (unanswered = 0)',
    (f, s) => (answered(f) ? serviceQualityScore(f.waitMs, s) : 0),
    (s) => `sumIf(multiIf(wait_ms <= ${s.tref}, 1 - ${s.beta} * (${s.tref} - wait_ms) / ${s.tref}, wait_ms < ${s.tlim}, 1 - (wait_ms - ${s.tref}) / (${s.tlim} - ${s.tref}), 0), outcome = 'answered')`),
  {
    id: 'c_max_wait_ms', description: 'Longest wait of a call that left the queue, ms', source: 'calls', combine: 'max',
    live: (f: CallFact) => (decided(f) ? f.waitMs : null), sql: () => f64('max(wait_ms)'),
  } satisfies CallMax,
  {
    id: 'c_agents_answering', description: 'Distinct agents who answered', source: 'calls', combine: 'distinct',
    live: (f: CallFact) => (answered(f) && f.agent ? f.agent : null), sql: () => f64(`uniqExactIf(agent, outcome = 'answered' AND agent != '')`),
  } satisfies CallDistinct,
  agentState('ready', 'a_ready_ms'),
  agentState('busy', 'a_busy_ms'),
  agentState('wrap_up', 'a_wrap_ms'),
  agentState('paused', 'a_paused_ms'),
] as const satisfies readonly Component[];

export type ComponentId = (typeof COMPONENTS)[number]['id'];
export const COMPONENT_BY_ID: ReadonlyMap<string, Component> = new Map(COMPONENTS.map((c) => [c.id, c]));
export const CALL_SUMS = COMPONENTS.filter((c): c is CallSum => c.source === 'calls' && c.combine === 'sum');
export const AGENT_SUMS = COMPONENTS.filter((c): c is AgentSum => c.source === 'agents');

const exitedIn = (reason: string) => f64(rollupRead('calls', `outcome = 'exited' AND exit_reason = '${reason}'`));

/**
 * The same aggregates over the hourly rollup (rollup.ts: one row per hour × queue × agent ×
 * channel × outcome × exit reason with summed counts and times), for the components that do not
 * depend on per-queue thresholds. A metric made only of these can be served from the rollup.
 */
export const ROLLUP_SQL: Partial<Record<ComponentId, string>> = {
  c_offered: f64(rollupRead('calls')),
  c_answered: f64(rollupRead('calls', `outcome = 'answered'`)),
  c_abandoned: f64(rollupRead('calls', `outcome = 'abandoned'`)),
  c_exited: f64(rollupRead('calls', `outcome = 'exited'`)),
  c_exited_timeout: exitedIn('timeout'),
  c_exited_key: exitedIn('key'),
  c_exited_empty: exitedIn('empty'),
  c_exited_full: exitedIn('full'),
  c_wait_answered_ms: f64(rollupRead('wait_ms', `outcome = 'answered'`)),
  c_wait_abandoned_ms: f64(rollupRead('wait_ms', `outcome = 'abandoned'`)),
  c_handled: f64(rollupRead('calls', `outcome = 'answered'`)),
  c_talk_ms: f64(rollupRead('talk_ms', `outcome = 'answered'`)),
  c_wrap_ms: f64(rollupRead('wrap_ms', `outcome = 'answered'`)),
  c_transferred: f64(rollupRead('transferred')),
  c_max_wait_ms: f64(rollupRead('max_wait_ms')),
  c_agents_answering: f64(`uniqExactIf(agent, outcome = 'answered' AND agent != '')`),
};

/**
 * The same aggregates over `call_waits_hourly` (migration 011: one row per UTC hour × queue × channel × outcome × exit
 * reason × finished × wait key, with summed counts and times), the threshold components too. A wait's key is the wait
 * when a multiple of 5 s, else 5000·b + 1: for a threshold T that is a multiple of 5 s, wait < T ⟺
 * key < T and wait ≤ T ⟺ key ≤ T, and no row straddles T, so the counts and the service-quality score (linear in the
 * wait between Tref and Tlim) are exact. Only valid when every threshold is a multiple of 5000 ms (aggThresholdsExact).
 */
const aggCount = (where: string) => f64(`sumIf(calls, ${where})`);
export const AGG_SQL: Partial<Record<ComponentId, (s: SqlSettings) => string>> = {
  c_offered: () => f64('sum(calls)'),
  c_answered: () => aggCount(`outcome = 'answered'`),
  c_abandoned: () => aggCount(`outcome = 'abandoned'`),
  c_short_abandoned: (s) => aggCount(`outcome = 'abandoned' AND wait_key < ${s.short}`),
  c_exited: () => aggCount(`outcome = 'exited'`),
  c_exited_timeout: () => aggCount(`outcome = 'exited' AND exit_reason = 'timeout'`),
  c_exited_key: () => aggCount(`outcome = 'exited' AND exit_reason = 'key'`),
  c_exited_empty: () => aggCount(`outcome = 'exited' AND exit_reason = 'empty'`),
  c_exited_full: () => aggCount(`outcome = 'exited' AND exit_reason = 'full'`),
  c_answered_in_sl: (s) => aggCount(`outcome = 'answered' AND wait_key <= ${s.sl}`),
  c_wait_answered_ms: () => f64(`sumIf(wait_ms, outcome = 'answered')`),
  c_wait_abandoned_ms: () => f64(`sumIf(wait_ms, outcome = 'abandoned')`),
  c_handled: () => aggCount(`outcome = 'answered' AND finished = 1`),
  c_talk_ms: () => f64(`sumIf(talk_ms, outcome = 'answered' AND finished = 1)`),
  c_wrap_ms: () => f64(`sumIf(wrap_ms, outcome = 'answered' AND finished = 1)`),
  c_transferred: () => f64('sum(transferred)'),
  // Σ score over a row of n calls whose waits sum to w: n·(1 − β) + β·w / Tref up to Tref, n − (w − n·Tref) / (Tlim − Tref) below Tlim.
  c_sq_score: (s) => `sumIf(multiIf(wait_key <= ${s.tref}, calls * (1 - ${s.beta}) + ${s.beta} * wait_ms / ${s.tref}, wait_key < ${s.tlim}, calls - (toFloat64(wait_ms) - calls * ${s.tref}) / (${s.tlim} - ${s.tref}), 0), outcome = 'answered')`,
  c_max_wait_ms: () => f64('max(max_wait_ms)'),
};
