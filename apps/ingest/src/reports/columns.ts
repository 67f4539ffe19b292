/** Report columns: a catalogue metric's column (label, unit and definition from the catalogue, SQL from its formula), or a plain one. */
import { metricAggSql, metricById, metricRollupSql, metricSql, type SqlSettings } from '@callboard/metrics';
import type { ReportColumn } from '@callboard/api';

export type Column = ReportColumn;

/**
 * `sql` rounded to one decimal with halves up, as a wallboard shows a value (Intl.NumberFormat rounds halves away
 * from zero) and as Math.round(x * 10) / 10 does (the same float operations). ClickHouse's round() rounds a float's
 * halves to even: an ASA of 6.25 s was 6.2 in a report and 6.3 on the wallboard.
 */
export const round1 = (sql: string) => `floor((${sql}) * 10 + 0.5) / 10`;

/** A catalogue metric as a column: its SQL is the catalogue's, rounded to one decimal unless a count. */
export function metricColumn(id: string, visible = true): Column {
  const m = metricById(id);
  return { key: id, label: m.label, type: 'number', unit: m.unit, metric: id, description: m.description, visible };
}

/** The SELECT expression of a metric column over the relation its source reads (call legs or agent states). */
export function metricExpr(id: string, s: SqlSettings): string {
  const m = metricById(id);
  const sql = metricSql(m, s);
  return m.unit === 'count' ? sql : round1(sql);
}

export const col = (key: string, label: string, type: Column['type'], extra: Partial<Column> = {}): Column =>
  ({ key, label, type, visible: true, ...extra });

/** `expr AS key` for each metric column, in order. */
export const metricSelects = (ids: readonly string[], s: SqlSettings) => ids.map((id) => `${metricExpr(id, s)} AS ${id}`);

/** The same metric columns over call_rollup_hourly (rollup.ts); only for metrics whose metricRollupSql exists. */
export const metricRollupSelects = (ids: readonly string[]) => ids.map((id) => {
  const m = metricById(id);
  const sql = metricRollupSql(m)!;
  return `${m.unit === 'count' ? sql : round1(sql)} AS ${id}`;
});

/** The same metric columns over call_waits_hourly (facts-source.ts waitRows); only for metrics whose metricAggSql exists. */
export const metricAggSelects = (ids: readonly string[], s: SqlSettings) => ids.map((id) => {
  const m = metricById(id);
  const sql = metricAggSql(m, s)!;
  return `${m.unit === 'count' ? sql : round1(sql)} AS ${id}`;
});
