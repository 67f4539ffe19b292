/** Public surface of @callboard/widgets: the wallboard and widget spec, shared by server and browser. */
export * from './common.ts';
export { KINDS, WIDGET_KINDS, type AnyData, type DataOf, type WidgetKind } from './kinds/index.ts';
export type { KindSpec } from './kinds/define.ts';
export { WidgetId } from './widget-base.ts';
export { isTicketMetric, TICKET_GROUPINGS } from './ticket-bindings.ts';
export { Widget, newWidget, type WidgetOf } from './widget.ts';
export { chromeOf, historyData, joinLive, kindTitle, liveData, servedLive, NoHistoryError } from './kind-calls.ts';
export type { LiveContext, LiveGroup, Series, Slice } from './widget-data.ts';
export { getPath, setPath, type OptionField } from './option-fields.ts';
export { STATE_LABELS } from './values/agent-states.ts';
export { Wallboard, WallboardExport, WallboardId, WallboardInput } from './wallboard.ts';
export { CustomMetric, Unit } from './custom-metric.ts';
export { formatDuration, formatValue } from './format.ts';
export { bandOf, type Band } from './thresholds.ts';
export { historyParams, type HistoryParams } from './history.ts';
export { LIVE_METRICS, LIVE_METRIC_IDS, type LiveMetric } from './live-metrics.ts';
