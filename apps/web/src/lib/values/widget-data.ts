// The data a widget renders, whatever its source (live snapshot or history); Widget.svelte components take these as props.
import type { AgentLive, WaitingCaller } from '@callboard/metrics';
import type { MetricMeta } from './metric-meta.ts';

export interface GroupRow {
  key: string;
  values: (number | null)[];
}

export interface TimePoint {
  /** Bucket key as the history API gives it: 'YYYY-MM-DDTHH:00' or 'YYYY-MM-DD'. */
  key: string;
  values: (number | null)[];
}

export interface Slice {
  key: string;
  value: number;
  /** CSS colour variable name for fixed categories (agent states). */
  color?: string;
}

export interface WidgetData {
  series: MetricMeta[];
  /** Single value (tile, gauge). */
  value?: number | null;
  groups?: GroupRow[];
  points?: TimePoint[];
  slices?: Slice[];
  agents?: AgentLive[];
  callers?: (WaitingCaller & { queue: string })[];
  /** Server-corrected now (ms) for wait-so-far and time-in-state. */
  now: number;
  timezone: string;
  loading?: boolean;
  error?: string | null;
}
