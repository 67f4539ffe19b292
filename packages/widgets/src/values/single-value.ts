/** The data of a one-number kind (tile, gauge): the first metric over the widget's one scope. Pure. */
import type { LiveSnapshot } from '@callboard/metrics';
import type { Bindings } from '../widget-base.ts';
import type { Frame, HistoryContext, HistoryRows, LiveContext } from '../widget-data.ts';
import { scopeGroup } from './live-groups.ts';
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
