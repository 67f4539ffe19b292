// Joins a line chart's history to the live state: the current bucket of a count metric = today's live count − the
// earlier buckets of today from history, so it moves with every delta instead of waiting for finished calls. Pure.
import type { LiveSnapshot } from '@callboard/metrics';
import type { Widget } from '@callboard/widgets';
import type { MetaMap } from './metric-meta.ts';
import type { WidgetData } from './widget-data.ts';

export function withLiveTail(w: Widget, d: WidgetData, s: LiveSnapshot, meta: MetaMap): WidgetData {
  if (w.kind !== 'line' || w.groupBy !== 'hour' || !d.points?.length) return d;
  if (w.filters.channel || w.filters.agents.length || w.filters.queues.length > 1) return d;
  const last = d.points[d.points.length - 1];
  if (!last.key.startsWith(s.day)) return d;
  const group = w.filters.queues.length ? s.queues.find((q) => q.queue === w.filters.queues[0]) : s.total;
  if (!group) return d;
  const earlier = d.points.filter((p) => p.key.startsWith(s.day) && p !== last);
  const values = last.values.map((v, i) => {
    const m = meta.get(w.metrics[i]);
    const today = group.metrics[w.metrics[i]];
    if (!m || m.source !== 'catalogue' || m.unit !== 'count' || today === null || today === undefined) return v;
    const before = earlier.reduce((acc, p) => acc + (p.values[i] ?? 0), 0);
    // :NOTE: history lags live (facts are stored once a call is finished); never draw below what history has.
    return Math.max(v ?? 0, today - before);
  });
  return { ...d, points: [...d.points.slice(0, -1), { ...last, values }] };
}
