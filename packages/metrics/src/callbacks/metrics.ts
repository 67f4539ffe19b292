/**
 * The catalogue's callback section (catalogue.ts), computed: live figures over the requests in memory, and
 * the same figures in SQL over callback_history (the state after each step, taken as of a moment). Both
 * give the same number for the same requests (test/metrics-agree.test.ts). Hidden requests are not counted
 * (nobody is working them), closed ones never, nor campaign entries (outbound work of a campaign, not a
 * queue's missed calls: their figures are the campaign's progress).
 */
import { isBooked } from './reducer.ts';
import type { CallbackRequest } from './types.ts';
import { noCallbackFigures, type CallbackFigures } from './catalogue.ts';

export * from './catalogue.ts';

/** Live figures per queue and in total ('' key) at `now`. */
export function callbackFigures(requests: Iterable<CallbackRequest>, now: number): Map<string, CallbackFigures> {
  const out = new Map<string, CallbackFigures>([['', noCallbackFigures()]]);
  for (const r of requests) {
    if (r.status !== 'open' || r.hidden || r.campaign !== null) continue;
    let q = out.get(r.queue);
    if (!q) out.set(r.queue, (q = noCallbackFigures()));
    for (const f of [q, out.get('')!]) {
      f.open++;
      if (isBooked(r, now)) f.booked++;
      f.oldestOpenSince = f.oldestOpenSince === null ? r.firstCall : Math.min(f.oldestOpenSince, r.firstCall);
    }
  }
  return out;
}

export interface CallbackSqlOptions {
  /** One row per queue with an open request (column `queue`), else one row for all queues. Default true. */
  byQueue?: boolean;
  /** Only requests whose queue is in {queues:Array(String)}. */
  queueFilter?: boolean;
}

/**
 * The same figures from callback_history as of {at:DateTime64(3)} (columns open, booked, oldest_open_age in
 * seconds or NULL; and queue when by queue). Parameters: {tenant:String}, {at:DateTime64(3)}, and
 * {queues:Array(String)} with queueFilter.
 */
export function callbackFiguresSql(options: CallbackSqlOptions = {}): string {
  const byQueue = options.byQueue ?? true;
  return `SELECT ${byQueue ? 'queue, ' : ''}countIf(status = 'open' AND hidden = 0) AS open,
       countIf(status = 'open' AND hidden = 0 AND booked_until > {at:DateTime64(3)}) AS booked,
       if(open = 0, NULL, dateDiff('millisecond', minIf(first_call, status = 'open' AND hidden = 0), {at:DateTime64(3)}) / 1000) AS oldest_open_age
FROM (
  SELECT request_id,
         argMax(status_after, seq) AS status, argMax(hidden_after, seq) AS hidden, argMax(queue_after, seq) AS queue,
         argMax(first_call_after, seq) AS first_call, argMax(booked_until_after, seq) AS booked_until
  FROM callback_history
  WHERE tenant = {tenant:String} AND ts <= {at:DateTime64(3)} AND NOT startsWith(request_id, 'c-')
  GROUP BY request_id
)${options.queueFilter ? '\nWHERE queue IN {queues:Array(String)}' : ''}${byQueue ? '\nGROUP BY queue\nHAVING open > 0' : ''}`;
}
