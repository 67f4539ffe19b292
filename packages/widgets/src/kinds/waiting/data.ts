/** Callers waiting data: the callers in the widget's queues and channel, longest wait first. Pure. */
import type { LiveSnapshot } from '@callboard/metrics';
import type { Frame, LiveContext, WaitingRow } from '../../widget-data.ts';
import type { WaitingWidget } from './options.ts';

export interface WaitingData extends Frame {
  callers: WaitingRow[];
}

export function fromLive(w: WaitingWidget, s: LiveSnapshot, c: LiveContext): WaitingData {
  const qs = s.queues.filter((q) => !w.filters.queues.length || w.filters.queues.includes(q.queue));
  const callers = qs.flatMap((q) => q.waiting.filter((x) => !w.filters.channel || x.channel === w.filters.channel).map((x) => ({ ...x, queue: q.queue })));
  return { ...c.base, callers: callers.sort((a, b) => a.since - b.since) };
}
