// Widget values from a history result (GET /metrics or a wallboard widget's history); time buckets for line charts. Pure.
import { LIVE_METRIC_IDS, type Widget } from '@callboard/widgets';
import { metaOf, type MetaMap } from './metric-meta.ts';
import type { HistoryResult as HistoryAnswer } from '@callboard/api';
import type { TimePoint, WidgetData } from './widget-data.ts';

/** What widgets read of a history answer (@callboard/api's HistoryResult of GET /metrics or a widget's history). */
export type HistoryResult = Pick<HistoryAnswer, 'timezone' | 'rows'>;

/** A row's key for a widget's grouping ('' when the row is not grouped by it, e.g. groupBy none). */
const keyOf = (row: HistoryResult['rows'][number], group: string): string => (row.key as Partial<Record<string, string>>)[group] ?? '';

/** Calendar days from..to inclusive (YYYY-MM-DD strings; UTC arithmetic on dates only, so no timezone drift). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 800; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Every bucket key a line chart's window spans, so missing buckets show as 0 and the axis is stable. */
export function bucketKeys(w: Widget, today: string): string[] {
  const [from, to] = w.window.kind === 'range' ? [w.window.from, w.window.to] : [today, today];
  const days = daysBetween(from, to);
  if (w.groupBy === 'day') return days;
  return days.flatMap((d) => Array.from({ length: 24 }, (_, h) => `${d}T${String(h).padStart(2, '0')}:00`));
}

/** The current bucket key in the tenant's timezone (buckets after it are not drawn). */
const hourFormats = new Map<string, Intl.DateTimeFormat>();

export function currentBucket(w: Widget, now: number, timezone: string): string {
  let f = hourFormats.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    hourFormats.set(timezone, f);
  }
  const parts = f.formatToParts(new Date(now));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  return w.groupBy === 'day' ? day : `${day}T${get('hour')}:00`;
}

export function historyData(w: Widget, r: HistoryResult, meta: MetaMap, now: number, today: string): WidgetData {
  const series = w.metrics.map((id) => metaOf(meta, id));
  const ids = w.metrics;
  const base: WidgetData = { series, now, timezone: r.timezone };
  const valuesOf = (m: Record<string, number | null>) => ids.map((id) => (LIVE_METRIC_IDS.has(id) ? null : m[id] ?? null));
  if (w.kind === 'line') {
    const byKey = new Map(r.rows.map((row) => [keyOf(row, w.groupBy), row.metrics]));
    const last = currentBucket(w, now, r.timezone);
    const points: TimePoint[] = bucketKeys(w, today).filter((k) => k <= last).map((key) => {
      const m = byKey.get(key);
      // A bucket with no calls: counts are 0, ratios have no value.
      return { key, values: m ? valuesOf(m) : series.map((s) => (s.unit === 'count' && s.source !== 'custom' ? 0 : null)) };
    });
    // Today's chart starts where the day's traffic does (at least the last 8 hours), not at an empty midnight.
    const first = w.window.kind === 'range' ? 0 : points.findIndex((p) => p.values.some((v) => v !== null && v !== 0));
    const from = first < 0 ? Math.max(0, points.length - 8) : Math.min(first, Math.max(0, points.length - 8));
    return { ...base, points: points.slice(from) };
  }
  if (w.groupBy === 'none' || w.kind === 'tile' || w.kind === 'gauge') {
    return { ...base, value: r.rows[0] ? valuesOf(r.rows[0].metrics)[0] : null };
  }
  const groups = r.rows.map((row) => ({ key: keyOf(row, w.groupBy), values: valuesOf(row.metrics) }));
  if (w.kind === 'donut') return { ...base, slices: groups.map((g) => ({ key: g.key, value: g.values[0] ?? 0 })) };
  return { ...base, groups };
}
