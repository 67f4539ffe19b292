/**
 * The catalogue's callback section, as definitions: open requests, booked requests and the oldest open
 * request's age, per queue (the queue of the caller's last missed call) and in total. Each has ONE
 * definition: its live value from the figures (`live`) and the column of callbackFiguresSql() holding
 * its SQL value over callback_history, the state as of a moment (metrics.ts). No runtime imports: the
 * browser evaluates these on TV pages without loading the rest of the package.
 * :NOTE: these are states, not sums over call facts, so they are not formulas over the call components
 * (a custom formula cannot use them); hidden requests are not counted (nobody works them), closed ones never.
 */

/** The callback state of a queue (or of all queues) at a moment: what the live snapshot carries. */
export interface CallbackFigures {
  open: number;
  booked: number;
  /** Epoch ms of the first missed call of the oldest open request; null with none open. */
  oldestOpenSince: number | null;
}

export type CallbackMetricId = 'callbacks_open' | 'callbacks_booked' | 'callbacks_oldest_open_age';

export interface CallbackMetricDefinition {
  id: CallbackMetricId;
  label: string;
  unit: 'count' | 'seconds';
  description: string;
  higherIsBetter: boolean;
  /** The live value from the figures at `now`. */
  live(f: CallbackFigures, now: number): number | null;
  /** The column of callbackFiguresSql() that holds the same value. */
  column: 'open' | 'booked' | 'oldest_open_age';
}

export const CALLBACK_METRICS: readonly CallbackMetricDefinition[] = [
  {
    id: 'callbacks_open', label: 'Open callbacks', unit: 'count', higherIsBetter: false, column: 'open',
    description: 'Callers waiting to be called back: open callback requests, hidden ones excluded.',
    live: (f) => f.open,
  },
  {
    id: 'callbacks_booked', label: 'Booked callbacks', unit: 'count', higherIsBetter: true, column: 'booked',
    description: 'Open callback requests an agent has booked and is working now (booking not expired).',
    live: (f) => f.booked,
  },
  {
    id: 'callbacks_oldest_open_age', label: 'Oldest open callback', unit: 'seconds', higherIsBetter: false, column: 'oldest_open_age',
    description: 'Age of the oldest open callback request, from its first missed call, in seconds.',
    live: (f, now) => (f.oldestOpenSince === null ? null : Math.max(0, now - f.oldestOpenSince) / 1000),
  },
];

const BY_ID = new Map<string, CallbackMetricDefinition>(CALLBACK_METRICS.map((m) => [m.id, m]));

/** The callback metric of this id, or undefined (not a callback metric). */
export const callbackMetricById = (id: string): CallbackMetricDefinition | undefined => BY_ID.get(id);

/** No open request: the figures of a queue without callbacks. */
export const noCallbackFigures = (): CallbackFigures => ({ open: 0, booked: 0, oldestOpenSince: null });

/**
 * A callback metric's live value in a group of the snapshot at `now`: undefined when `id` is not a callback
 * metric; 0 / null when the group carries no figures (a group with no open request, an agent).
 */
export function callbackLiveValue(id: string, figures: CallbackFigures | undefined, now: number): number | null | undefined {
  const m = BY_ID.get(id);
  if (!m) return undefined;
  return m.live(figures ?? noCallbackFigures(), now);
}
