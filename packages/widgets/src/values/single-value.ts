/** The data of a one-number kind (tile, gauge): the first metric over the widget's one scope. Pure. */
import type { LiveSnapshot } from '@callboard/metrics';
import type { Bindings } from '../widget-base.ts';
import type { Frame, HistoryContext, HistoryRows, LiveContext } from '../widget-data.ts';
import { ALL_WINDOWS } from '../kinds/define.ts';
import { liveByBindings, scopeGroup } from './live-groups.ts';
import { singleValue } from './history-rows.ts';

export interface ValueData extends Frame {
  value: number | null;
}

export function valueFromLive(w: Bindings, s: LiveSnapshot, c: LiveContext): ValueData {
  const g = scopeGroup(w, s);
  return { ...c.base, value: g ? c.valueIn(c.base.series[0], g) : null };
}

export function valueFromHistory(w: Bindings, r: HistoryRows, c: HistoryContext): ValueData {
  return { ...c.base, value: singleValue(w, r) };
}

/** What every one-number kind shares: one metric, no grouping, any window, a panel, titled by its metric. */
export const SINGLE_VALUE = {
  metrics: { min: 1, max: 1 }, groupBy: ['none'], windows: ALL_WINDOWS,
  chrome: { bare: false, bindsData: true },
  title: (_w: unknown, t: { names: string[] }) => t.names[0],
  live: liveByBindings, fromLive: valueFromLive, fromHistory: valueFromHistory,
} as const;
