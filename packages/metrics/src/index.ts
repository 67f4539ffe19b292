/** Public surface of @callboard/metrics: event contract, reducers, metric catalogue. Pure: no I/O. */
export * from './events/schema.ts';
export * from './events/validate.ts';
export * from './events/time-bounds.ts';
export * from './settings.ts';
export * from './time.ts';
export type { AgentInterval, CallFact, Outcome } from './facts.ts';
export { COMPONENTS, COMPONENT_BY_ID, serviceQualityScore, type Component, type SqlSettings } from './components.ts';
export { sqlSettings, aggThresholdsExact, AGG_WAIT_STEP_MS } from './sql-settings.ts';
export { ROLLUP_KEYS, ROLLUP_MEASURES, ROLLUP_TABLE, rollupColumns, type RollupKey, type RollupMeasure } from './rollup.ts';
export { CATALOGUE, type MetricDefinition, type Unit } from './catalogue/index.ts';
export {
  METRICS, metricById, compileCustomMetric, liveValue, metricSql, metricRollupSql, metricAggSql, UnknownMetricError, InvalidMetricError,
  type CompiledMetric, type CustomMetricInput, type Source,
} from './metrics.ts';
export { parseFormula, evaluate, FormulaError } from './formula.ts';
export { TenantLive, DEFAULT_REDUCER_OPTIONS, MAX_DURATION_MS, boundedMs, type ReducerOptions, type Emitted } from './live/reducer.ts';
export { snapshot, metricValues } from './live/snapshot.ts';
export { callContext, type CallContext } from './live/call-context.ts';
export { Totals } from './live/totals.ts';
export { Deduper } from './live/dedupe.ts';
export { Heap, byTime } from './heap.ts';
export type * from './live/types.ts';
export * from './callbacks/index.ts';
export * from './tickets/index.ts';
