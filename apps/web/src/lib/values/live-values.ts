// Widget values from the live snapshot (today's state): which widgets it can serve, and their values. Pure.
import type { LiveSnapshot, QueueLive, AgentLive } from '@callboard/metrics';
import { evaluate } from '$formula';
import type { Widget } from '@callboard/widgets';
import { metaOf, type MetaMap, type MetricMeta } from './metric-meta.ts';
import type { GroupRow, Slice, WidgetData } from './widget-data.ts';

const ALWAYS_LIVE = new Set(['agents', 'waiting', 'clock', 'text']);

/** True when the live snapshot holds exactly what the widget asks for; else its data comes from history. */
export function servedLive(w: Widget): boolean {
  if (ALWAYS_LIVE.has(w.kind)) return true;
  if (w.kind === 'donut' && w.options.source === 'agent-states') return true;
  if (w.window.kind !== 'live' && w.window.kind !== 'today') return false;
  if (w.kind === 'line' || w.filters.channel) return false;
  const q = w.filters.queues.length;
  const a = w.filters.agents.length;
  if (w.groupBy === 'none') return (q <= 1 && a === 0) || (a <= 1 && q === 0);
  if (w.groupBy === 'queue') return a === 0;
  if (w.groupBy === 'agent') return q === 0;
  return false;
}

type Group = { metrics: Record<string, number | null>; queue?: QueueLive; agent?: AgentLive };

/** One metric's value in a group of the snapshot: catalogue value, custom formula over them, or a live-only quantity. */
export function valueIn(m: MetricMeta, g: Group, now: number): number | null {
  if (m.source === 'custom') return m.node ? evaluate(m.node, (id) => g.metrics[id] ?? null) : null;
  if (m.source === 'catalogue') return g.metrics[m.id] ?? null;
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

const STATE_COLORS: Record<string, string> = { ready: '--ready', busy: '--busy', wrap_up: '--wrap', paused: '--paused' };
export const STATE_LABELS: Record<string, string> = { ready: 'Ready', busy: 'On a call', wrap_up: 'Wrap-up', paused: 'Paused', logged_out: 'Logged out' };

function groupRows(w: Widget, s: LiveSnapshot, series: MetricMeta[], now: number): GroupRow[] {
  if (w.groupBy === 'queue') {
    const only = new Set(w.filters.queues);
    return s.queues.filter((q) => !only.size || only.has(q.queue))
      .map((q) => ({ key: q.queue, values: series.map((m) => valueIn(m, { metrics: q.metrics, queue: q }, now)) }));
  }
  const only = new Set(w.filters.agents);
  return s.agents.filter((a) => (only.size ? only.has(a.agent) : a.state !== 'logged_out' || (a.metrics.answered ?? 0) > 0))
    .map((a) => ({ key: a.agent, values: series.map((m) => valueIn(m, { metrics: a.metrics, agent: a }, now)) }));
}

function scopeGroup(w: Widget, s: LiveSnapshot): Group | null {
  if (w.filters.queues.length === 1) {
    const q = s.queues.find((x) => x.queue === w.filters.queues[0]);
    return q ? { metrics: q.metrics, queue: q } : null;
  }
  if (w.filters.agents.length === 1) {
    const a = s.agents.find((x) => x.agent === w.filters.agents[0]);
    return a ? { metrics: a.metrics, agent: a } : null;
  }
  return { metrics: s.total.metrics, queue: s.total };
}

function inQueues(w: Widget, queues: string[]): boolean {
  return !w.filters.queues.length || queues.some((q) => w.filters.queues.includes(q));
}

/** The widget's data from a snapshot (call only when servedLive, or for always-live kinds). */
export function liveData(w: Widget, s: LiveSnapshot, meta: MetaMap, now: number): WidgetData {
  const series = w.metrics.map((id) => metaOf(meta, id));
  const base: WidgetData = { series, now, timezone: s.timezone };
  switch (w.kind) {
    case 'tile':
    case 'gauge': {
      const g = scopeGroup(w, s);
      return { ...base, value: g ? valueIn(series[0], g, now) : null };
    }
    case 'bar':
    case 'table':
      return { ...base, groups: groupRows(w, s, series, now) };
    case 'donut': {
      if (w.options.source === 'agent-states') {
        const counts: Record<string, number> = { ready: 0, busy: 0, wrap_up: 0, paused: 0 };
        for (const a of s.agents) if (a.state !== 'logged_out' && inQueues(w, a.queues)) counts[a.state]++;
        const slices: Slice[] = Object.entries(counts).map(([k, v]) => ({ key: STATE_LABELS[k], value: v, color: STATE_COLORS[k] }));
        return { ...base, series: [], slices };
      }
      return { ...base, slices: groupRows(w, s, series, now).map((g) => ({ key: g.key, value: g.values[0] ?? 0 })) };
    }
    case 'agents':
      // Unfiltered, the snapshot's own list: it keeps its identity until a delta changes an agent, so the grid does
      // not re-sort a big centre's agents on every clock tick.
      if (!w.filters.queues.length && !w.filters.agents.length) return { ...base, agents: s.agents };
      return { ...base, agents: s.agents.filter((a) => inQueues(w, a.queues) && (!w.filters.agents.length || w.filters.agents.includes(a.agent))) };
    case 'waiting': {
      const qs = s.queues.filter((q) => !w.filters.queues.length || w.filters.queues.includes(q.queue));
      const callers = qs.flatMap((q) => q.waiting.filter((c) => !w.filters.channel || c.channel === w.filters.channel).map((c) => ({ ...c, queue: q.queue })));
      return { ...base, callers: callers.sort((a, b) => a.since - b.since) };
    }
    default:
      return base;
  }
}
