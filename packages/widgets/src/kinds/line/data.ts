/** Line chart data: history per time bucket, and the current hour kept live from the snapshot. Pure. */
import type { LiveSnapshot } from '@callboard/metrics';
import { keyOf, valuesOf } from '../../values/history-rows.ts';
import type { Frame, HistoryContext, HistoryRows, LiveContext, TimePoint } from '../../widget-data.ts';
import { bucketAfter, bucketKeys, currentBucket } from './buckets.ts';
import type { LineWidget } from './options.ts';

export interface LineData extends Frame {
  points: TimePoint[];
}

export function fromHistory(w: LineWidget, r: HistoryRows, c: HistoryContext): LineData {
  const { series, now } = c.base;
  const byKey = new Map(r.rows.map((row) => [keyOf(row, w.groupBy), row.metrics]));
  const last = currentBucket(w, now, r.timezone);
  const points: TimePoint[] = bucketKeys(w, c.today, r.timezone).filter((k) => !bucketAfter(k, last)).map((key) => {
    const m = byKey.get(key);
    // A bucket with no calls: counts are 0, ratios have no value.
    return { key, values: m ? valuesOf(w, m) : series.map((s) => (s.unit === 'count' && s.source !== 'custom' ? 0 : null)) };
  });
  // Today's chart starts where the day's traffic does (at least the last 8 hours), not at an empty midnight.
  const first = w.window.kind === 'range' ? 0 : points.findIndex((p) => p.values.some((v) => v !== null && v !== 0));
  const from = first < 0 ? Math.max(0, points.length - 8) : Math.min(first, Math.max(0, points.length - 8));
  return { ...c.base, points: points.slice(from) };
}

/** A line chart never reads the snapshot alone: its buckets come from history. */
export const fromLive = (_w: LineWidget, _s: LiveSnapshot, c: LiveContext): LineData => ({ ...c.base, points: [] });

/**
 * The current hour of a count metric = today's live count − the earlier hours of today from history, so it moves with
 * every delta instead of waiting for finished calls.
 */
export function withLiveTail(w: LineWidget, d: LineData, s: LiveSnapshot): LineData {
  if (w.groupBy !== 'hour' || !d.points.length) return d;
  if (w.filters.channel || w.filters.agents.length || w.filters.queues.length > 1) return d;
  const last = d.points[d.points.length - 1];
  if (!last.key.startsWith(s.day)) return d;
  const group = w.filters.queues.length ? s.queues.find((q) => q.queue === w.filters.queues[0]) : s.total;
  if (!group) return d;
  const earlier = d.points.filter((p) => p.key.startsWith(s.day) && p !== last);
  const values = last.values.map((v, i) => {
    const m = d.series[i];
    const today = group.metrics[w.metrics[i]];
    if (!m || m.source !== 'catalogue' || m.unit !== 'count' || today === null || today === undefined) return v;
    const before = earlier.reduce((acc, p) => acc + (p.values[i] ?? 0), 0);
    // :NOTE: history lags live (facts are stored once a call is finished); never draw below what history has.
    return Math.max(v ?? 0, today - before);
  });
  return { ...d, points: [...d.points.slice(0, -1), { ...last, values }] };
}
