/** Public surface of @callboard/widgets: the wallboard and widget spec, shared by server and browser. */
export * from './common.ts';
export { KINDS, WIDGET_KINDS, type WidgetKind } from './kinds/index.ts';
export type { KindSpec } from './kinds/define.ts';
export { Widget, WidgetId, newWidget, type WidgetOf } from './widget.ts';
export { Wallboard, WallboardExport, WallboardId, WallboardInput } from './wallboard.ts';
export { CustomMetric, Unit } from './custom-metric.ts';
export { formatDuration, formatValue } from './format.ts';
export { bandOf, type Band } from './thresholds.ts';
export { historyParams, type HistoryParams } from './history.ts';
export { LIVE_METRICS, LIVE_METRIC_IDS, type LiveMetric } from './live-metrics.ts';
