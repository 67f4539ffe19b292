/**
 * The catalogue's callback section: open requests, booked requests and the oldest open request's age,
 * per queue (the queue of the caller's last missed call) and in total. Like every catalogue metric,
 * each has ONE definition with a live value (over the requests in memory) and an SQL value (over
 * callback_history, the state after each step taken as of a moment): both give the same number.
 * :NOTE: these are states, not sums over call facts, so they cannot be formulas over the call
 * components; hidden requests are not counted (nobody is working them), closed ones never, nor campaign
 * entries (outbound work of a campaign, not a queue's missed calls: their figures are the campaign's progress).
 */
import { isBooked } from './reducer.ts';
import type { CallbackRequest } from './types.ts';

export interface CallbackFigures {
  open: number;
  booked: number;
  /** Epoch ms of the first missed call of the oldest open request; null with none open. */
  oldestOpenSince: number | null;
}

export interface CallbackMetricDefinition {
  id: 'callbacks_open' | 'callbacks_booked' | 'callbacks_oldest_open_age';
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
    live: (f, now) => (f.oldestOpenSince === null ? null : (now - f.oldestOpenSince) / 1000),
  },
];

const empty = (): CallbackFigures => ({ open: 0, booked: 0, oldestOpenSince: null });

/** Live figures per queue and in total ('' key) at `now`. */
export function callbackFigures(requests: Iterable<CallbackRequest>, now: number): Map<string, CallbackFigures> {
  const out = new Map<string, CallbackFigures>([['', empty()]]);
  for (const r of requests) {
    if (r.status !== 'open' || r.hidden || r.campaign !== null) continue;
    let q = out.get(r.queue);
    if (!q) out.set(r.queue, (q = empty()));
    for (const f of [q, out.get('')!]) {
      f.open++;
      if (isBooked(r, now)) f.booked++;
      f.oldestOpenSince = f.oldestOpenSince === null ? r.firstCall : Math.min(f.oldestOpenSince, r.firstCall);
    }
  }
  return out;
}

/**
 * The same figures from callback_history as of {at:DateTime64(3)}, one row per queue (columns queue,
 * open, booked, oldest_open_age in seconds or NULL). Parameters: {tenant:String}, {at:DateTime64(3)}.
 */
export function callbackFiguresSql(): string {
  return `SELECT queue,
       countIf(status = 'open' AND hidden = 0) AS open,
       countIf(status = 'open' AND hidden = 0 AND booked_until > {at:DateTime64(3)}) AS booked,
       if(open = 0, NULL, dateDiff('millisecond', minIf(first_call, status = 'open' AND hidden = 0), {at:DateTime64(3)}) / 1000) AS oldest_open_age
FROM (
  SELECT request_id,
         argMax(status_after, seq) AS status, argMax(hidden_after, seq) AS hidden, argMax(queue_after, seq) AS queue,
         argMax(first_call_after, seq) AS first_call, argMax(booked_until_after, seq) AS booked_until
  FROM callback_history
  WHERE tenant = {tenant:String} AND ts <= {at:DateTime64(3)} AND NOT startsWith(request_id, 'c-')
  GROUP BY request_id
)
GROUP BY queue
HAVING open > 0`;
}
