/**
 * The hourly rollup of call facts (`call_rollup_hourly`), declared once: its key columns and its
 * measures, each with its ClickHouse type, how rows of one key combine, and how it is computed from
 * `call_facts`. The storage layer derives its reconcile statements from it, the query layer its
 * expressions over the rollup (components.ts), and a test holds the migration's table to it.
 * :NOTE: the table and its materialized view are created by migration 002_rollup.sql, written out in
 * SQL (migrations are append-only); a change here needs a new migration, which that test then checks.
 */

/** The rollup table. */
export const ROLLUP_TABLE = 'call_rollup_hourly';

/** One rollup row per value of these (its ORDER BY, in this order). */
export const ROLLUP_KEYS = [
  { name: 'tenant', type: 'LowCardinality(String)', fromFacts: 'tenant' },
  { name: 'hour', type: "DateTime('UTC')", fromFacts: 'toStartOfHour(offered_at)' },
  { name: 'queue', type: 'LowCardinality(String)', fromFacts: 'queue' },
  { name: 'agent', type: 'LowCardinality(String)', fromFacts: 'agent' },
  { name: 'channel', type: 'LowCardinality(String)', fromFacts: 'channel' },
  { name: 'outcome', type: 'LowCardinality(String)', fromFacts: 'outcome' },
  { name: 'exit_reason', type: 'LowCardinality(String)', fromFacts: 'exit_reason' },
] as const;

/**
 * What each row holds for its key. `combine`: how rows of one key merge (and how a query reads
 * them); `fromFacts`: the aggregate over the key's call_facts rows. Only threshold-free quantities:
 * metrics that depend on per-queue thresholds read call_facts.
 */
export const ROLLUP_MEASURES = [
  { name: 'calls', combine: 'sum', type: 'UInt64', fromFacts: 'count()' },
  { name: 'wait_ms', combine: 'sum', type: 'UInt64', fromFacts: 'sum(wait_ms)' },
  { name: 'talk_ms', combine: 'sum', type: 'UInt64', fromFacts: 'sum(talk_ms)' },
  { name: 'wrap_ms', combine: 'sum', type: 'UInt64', fromFacts: 'sum(wrap_ms)' },
  { name: 'transferred', combine: 'sum', type: 'UInt64', fromFacts: 'sum(toUInt64(transferred))' },
  { name: 'max_wait_ms', combine: 'max', type: 'UInt32', fromFacts: 'max(wait_ms)' },
  /** The row is kept until its latest fact's retention ends (TTL). */
  { name: 'retain_until', combine: 'max', type: 'Date', fromFacts: 'max(retain_until)' },
] as const;

export type RollupKey = (typeof ROLLUP_KEYS)[number]['name'];
export type RollupMeasure = (typeof ROLLUP_MEASURES)[number]['name'];

/** The rollup's columns as ClickHouse declares them (system.columns): keys, then measures. */
export function rollupColumns(): { name: string; type: string }[] {
  return [
    ...ROLLUP_KEYS.map((k) => ({ name: k.name, type: k.type })),
    ...ROLLUP_MEASURES.map((m) => ({ name: m.name, type: `SimpleAggregateFunction(${m.combine}, ${m.type})` })),
  ];
}

/**
 * A measure read back over rollup rows, combined as it is stored (`sum(calls)`, `max(max_wait_ms)`),
 * over the rows matching `where` when given (`sumIf(calls, outcome = 'answered')`).
 */
export function rollupRead(measure: RollupMeasure, where?: string): string {
  const m = ROLLUP_MEASURES.find((x) => x.name === measure)!;
  return where ? `${m.combine}If(${m.name}, ${where})` : `${m.combine}(${m.name})`;
}
