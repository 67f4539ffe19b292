/** The data a widget draws: a frame every kind shares (series, now, timezone) and what its data functions are given. */
import type { AgentLive, QueueLive, TicketFigures, WaitingCaller } from '@callboard/metrics';
import type { Unit } from './custom-metric.ts';

/** One bound metric as the browser knows it: catalogue, the tenant's custom formula, or a live-only quantity. */
export interface Series {
  id: string;
  label: string;
  unit: Unit;
  higherIsBetter: boolean;
  source: 'catalogue' | 'custom' | 'live';
  formula?: string;
  /** The catalogue's (or the custom metric's) plain-words definition, shown on hover/tap. */
  description?: string;
}

/** What every kind's data holds; a kind's own shape adds to it. */
export interface Frame {
  series: Series[];
  /** Server-corrected now (ms) for wait-so-far and time-in-state. */
  now: number;
  timezone: string;
}

export interface GroupRow {
  key: string;
  /** What people read when the key is an id (a ticket handler's user id: their name); else the key. */
  label?: string;
  values: (number | null)[];
}

export interface TimePoint {
  /** Bucket key as the history API gives it: 'YYYY-MM-DDTHH:00' or 'YYYY-MM-DD'. */
  key: string;
  values: (number | null)[];
}

export interface Slice {
  key: string;
  /** What people read when the key is an id; else the key. */
  label?: string;
  value: number;
  /** CSS colour variable name for fixed categories (agent states). */
  color?: string;
}

export type WaitingRow = WaitingCaller & { queue: string };

/** A group of the snapshot a value is read in: the all-queues total, one queue, or one agent. */
export interface LiveGroup {
  metrics: Record<string, number | null>;
  queue?: QueueLive;
  agent?: AgentLive;
  /** The tenant's ticket figures (the total group only: tickets are not counted per queue or agent). */
  tickets?: TicketFigures;
}

/** What a kind's live function is given besides the widget and the snapshot. */
export interface LiveContext {
  base: Frame;
  /** One metric's value in a group: catalogue value, custom formula over them, or a live-only quantity. */
  valueIn: (m: Series, g: LiveGroup) => number | null;
}

/** What widgets read of a history answer (@callboard/api's HistoryResult of GET /metrics or a widget's history). */
export interface HistoryRows {
  timezone: string;
  rows: { key: Partial<Record<string, string>>; label?: string; metrics: Record<string, number | null> }[];
}

/** What a kind's history function is given besides the widget and the result. */
export interface HistoryContext {
  base: Frame;
  /** The tenant's day, YYYY-MM-DD. */
  today: string;
}
