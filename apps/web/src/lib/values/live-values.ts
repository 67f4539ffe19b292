// Widget values from the live snapshot (today's state): a metric's value in a snapshot group, and a widget's data. Pure.
import type { LiveSnapshot } from '@callboard/metrics';
import { evaluate } from '$formula';
import { callbackLiveValue } from '$callback-metrics';
import { ticketLiveValue } from '$ticket-metrics';
import { liveData as kindLiveData, type LiveContext, type LiveGroup, type Widget } from '@callboard/widgets';
import { metaOf, type MetaMap, type MetricMeta } from './metric-meta.ts';

/**
 * A catalogue metric's value in a group: today's value the snapshot carries, a callback metric from the queue's
 * callback figures at `now` (an agent's row has none: null), or a ticket metric from the tenant's ticket figures
 * (the total group only; a queue or an agent: null).
 */
function catalogueValue(id: string, g: LiveGroup, now: number): number | null {
  const v = g.metrics[id];
  if (v !== undefined) return v;
  const t = ticketLiveValue(id, g.tickets);
  if (t !== undefined) return t;
  return (g.queue ? callbackLiveValue(id, g.queue.callbacks, now) : null) ?? null;
}

/** One metric's value in a group of the snapshot: catalogue value, custom formula over them, or a live-only quantity. */
export function valueIn(m: MetricMeta, g: LiveGroup, now: number): number | null {
  if (m.source === 'custom') return m.node ? evaluate(m.node, (id) => catalogueValue(id, g, now)) : null;
  if (m.source === 'catalogue') return catalogueValue(m.id, g, now);
  const q = g.queue;
  if (!q) return null;
  switch (m.id) {
    case 'waiting_now': return q.waiting.length;
    case 'longest_wait_now': return q.waiting.length ? Math.max(0, (now - Math.min(...q.waiting.map((c) => c.since))) / 1000) : 0;
    case 'agents_staffed': return q.agents.ready + q.agents.busy + q.agents.wrap_up + q.agents.paused;
    case 'agents_ready': return q.agents.ready;
    case 'agents_busy': return q.agents.busy;
    case 'agents_wrap_up': return q.agents.wrap_up;
    case 'agents_paused': return q.agents.paused;
    default: return null;
  }
}

/** What a kind's live function is given: the widget's series from the tenant's metrics, and how to read them. */
export function liveContext(w: Widget, meta: MetaMap, now: number, timezone: string): LiveContext {
  return { base: { series: w.metrics.map((id) => metaOf(meta, id)), now, timezone }, valueIn: (m, g) => valueIn(metaOf(meta, m.id), g, now) };
}

/** The widget's data from a snapshot (call only when servedLive, or for always-live kinds). */
export const liveData = <W extends Widget>(w: W, s: LiveSnapshot, meta: MetaMap, now: number) => kindLiveData(w, s, liveContext(w, meta, now, s.timezone));
