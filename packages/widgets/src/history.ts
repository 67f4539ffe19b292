/** The history query (GET /api/v1/metrics parameters) a widget's bindings stand for; the same on server and browser. */
import type { Widget } from './widget.ts';

export interface HistoryParams {
  from: string;
  to: string;
  groupBy?: string;
  metrics: string;
  queue?: string;
  agent?: string;
  channel?: string;
  ticketType?: string;
  handler?: string;
}

/**
 * `today` is the tenant's current day (YYYY-MM-DD, from the live snapshot or the tenant clock);
 * `now` is epoch ms. 'live' and 'today' both mean today here: the live state is today's.
 */
export function historyParams(w: Widget, today: string, now: number, metrics: string[] = w.metrics): HistoryParams {
  const win = w.window;
  const range = win.kind === 'range' ? { from: win.from, to: win.to }
    : win.kind === 'last' ? { from: new Date(now - win.minutes * 60_000).toISOString(), to: new Date(now).toISOString() }
      : { from: today, to: today };
  const out: HistoryParams = { ...range, metrics: metrics.join(',') };
  if (w.groupBy !== 'none') out.groupBy = w.groupBy;
  if (w.filters.queues.length) out.queue = w.filters.queues.join(',');
  if (w.filters.agents.length) out.agent = w.filters.agents.join(',');
  if (w.filters.channel) out.channel = w.filters.channel;
  if (w.filters.ticketTypes.length) out.ticketType = w.filters.ticketTypes.join(',');
  if (w.filters.handlers.length) out.handler = w.filters.handlers.join(',');
  return out;
}
