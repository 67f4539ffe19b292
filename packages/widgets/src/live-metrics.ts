/** Live-only quantities a widget can bind besides catalogue metrics: read from the snapshot, no history. */
import type { Unit } from './custom-metric.ts';

export interface LiveMetric {
  id: string;
  label: string;
  unit: Unit;
  higherIsBetter: boolean;
}

export const LIVE_METRICS: readonly LiveMetric[] = [
  { id: 'waiting_now', label: 'Callers waiting now', unit: 'count', higherIsBetter: false },
  { id: 'longest_wait_now', label: 'Longest wait now', unit: 'seconds', higherIsBetter: false },
  { id: 'agents_staffed', label: 'Agents logged in', unit: 'count', higherIsBetter: true },
  { id: 'agents_ready', label: 'Agents ready', unit: 'count', higherIsBetter: true },
  { id: 'agents_busy', label: 'Agents on a call', unit: 'count', higherIsBetter: true },
  { id: 'agents_wrap_up', label: 'Agents in wrap-up', unit: 'count', higherIsBetter: false },
  { id: 'agents_paused', label: 'Agents paused', unit: 'count', higherIsBetter: false },
];
export const LIVE_METRIC_IDS = new Set(LIVE_METRICS.map((m) => m.id));
