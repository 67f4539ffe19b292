/** Donut data: slices of agents by state (live), or of one metric by group (live or history). Pure. */
import type { LiveSnapshot } from '@callboard/metrics';
import { STATE_COLORS, STATE_LABELS } from '../../values/agent-states.ts';
import { historyGroups } from '../../values/history-rows.ts';
import { groupRows, inQueues, liveByBindings } from '../../values/live-groups.ts';
import type { Frame, GroupRow, HistoryContext, HistoryRows, LiveContext, Slice } from '../../widget-data.ts';
import type { DonutWidget } from './options.ts';

export interface DonutData extends Frame {
  slices: Slice[];
}

const bySlice = (groups: GroupRow[]): Slice[] => groups.map((g) => ({ key: g.key, ...(g.label !== undefined ? { label: g.label } : {}), value: g.values[0] ?? 0 }));

/** Agents by state are always live; a metric split is live when the snapshot holds it. */
export const servedLive = (w: DonutWidget): boolean => w.options.source === 'agent-states' || liveByBindings(w);

export function fromLive(w: DonutWidget, s: LiveSnapshot, c: LiveContext): DonutData {
  if (w.options.source === 'agent-states') {
    const counts: Record<string, number> = { ready: 0, busy: 0, wrap_up: 0, paused: 0 };
    for (const a of s.agents) if (a.state !== 'logged_out' && inQueues(w, a.queues)) counts[a.state]++;
    const slices = Object.entries(counts).map(([k, v]) => ({ key: STATE_LABELS[k], value: v, color: STATE_COLORS[k] }));
    return { ...c.base, series: [], slices };
  }
  return { ...c.base, slices: bySlice(groupRows(w, s, c)) };
}

export const fromHistory = (w: DonutWidget, r: HistoryRows, c: HistoryContext): DonutData => ({ ...c.base, slices: bySlice(historyGroups(w, r)) });
