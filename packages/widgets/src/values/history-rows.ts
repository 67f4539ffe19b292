/** Reading a widget's values out of a history result: one value, or one row per group. Pure. */
import { LIVE_METRIC_IDS } from '../live-metrics.ts';
import type { Bindings } from '../widget-base.ts';
import type { GroupRow, HistoryRows } from '../widget-data.ts';

type Row = HistoryRows['rows'][number];

/** A row's key for a widget's grouping ('' when the row is not grouped by it, e.g. groupBy none). */
export const keyOf = (row: Row, group: string): string => row.key[group] ?? '';

/** The bound metrics' values in one row; live-only quantities have no history. */
export const valuesOf = (w: Bindings, m: Row['metrics']): (number | null)[] =>
  w.metrics.map((id) => (LIVE_METRIC_IDS.has(id) ? null : m[id] ?? null));

/** The first metric of the single (ungrouped) row. */
export const singleValue = (w: Bindings, r: HistoryRows): number | null => (r.rows[0] ? valuesOf(w, r.rows[0].metrics)[0] : null);

/** One row per group, as the history answer gives them. */
export const historyGroups = (w: Bindings, r: HistoryRows): GroupRow[] =>
  r.rows.map((row) => ({ key: keyOf(row, w.groupBy), ...(row.label !== undefined ? { label: row.label } : {}), values: valuesOf(w, row.metrics) }));
