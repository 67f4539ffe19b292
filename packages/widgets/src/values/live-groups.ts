/** Reading a widget's scope out of the live snapshot: which bindings it can serve, one group, or one row per group. Pure. */
import type { LiveSnapshot } from '@callboard/metrics';
import { filteredLiveTickets } from '@callboard/metrics/ticket-catalogue';
import type { Bindings } from '../widget-base.ts';
import type { GroupRow, LiveContext, LiveGroup } from '../widget-data.ts';

/** True when the snapshot holds exactly what these bindings ask for (today, no channel split, one scope per value). */
export function liveByBindings(w: Bindings): boolean {
  if (w.window.kind !== 'live' && w.window.kind !== 'today') return false;
  if (w.filters.channel) return false;
  // The snapshot keys ticket figures by type and by handler, not by both: a filter on both reads history.
  if (w.filters.ticketTypes.length && w.filters.handlers.length) return false;
  const q = w.filters.queues.length;
  const a = w.filters.agents.length;
  if (w.groupBy === 'none') return (q <= 1 && a === 0) || (a <= 1 && q === 0);
  // The snapshot's ticket groups by type (or handler) sum over any handler (or type): a filter on the other reads history.
  if (w.groupBy === 'ticketType') return !w.filters.handlers.length;
  if (w.groupBy === 'handler') return !w.filters.ticketTypes.length;
  if (w.groupBy === 'queue') return a === 0;
  if (w.groupBy === 'agent') return q === 0;
  return false;
}

/**
 * The one group a single-value widget reads: its one queue, its one agent, or the total; with a ticket type or
 * handler filter, the tickets of those types (or handlers) summed, and no call figures (the filters are for tickets).
 */
export function scopeGroup(w: Bindings, s: LiveSnapshot): LiveGroup | null {
  if (w.filters.ticketTypes.length || w.filters.handlers.length) {
    const tickets = filteredLiveTickets(s.tickets, { types: w.filters.ticketTypes, handlers: w.filters.handlers });
    return tickets ? { metrics: {}, tickets } : null;
  }
  if (w.filters.queues.length === 1) {
    const q = s.queues.find((x) => x.queue === w.filters.queues[0]);
    return q ? { metrics: q.metrics, queue: q } : null;
  }
  if (w.filters.agents.length === 1) {
    const a = s.agents.find((x) => x.agent === w.filters.agents[0]);
    return a ? { metrics: a.metrics, agent: a } : null;
  }
  return { metrics: s.total.metrics, queue: s.total, tickets: s.tickets?.total };
}

/**
 * One row per queue, agent, ticket type or handler (by the widget's grouping), one value per bound metric. Ticket
 * groups are those the snapshot lists (anything opened or finalised today, or open), within the widget's filter.
 */
export function groupRows(w: Bindings, s: LiveSnapshot, c: LiveContext): GroupRow[] {
  const series = c.base.series;
  if (w.groupBy === 'ticketType' || w.groupBy === 'handler') {
    const groups = Object.values((w.groupBy === 'ticketType' ? s.tickets?.byType : s.tickets?.byHandler) ?? {});
    const only = new Set(w.groupBy === 'ticketType' ? w.filters.ticketTypes : w.filters.handlers);
    return groups.filter((f) => !only.size || only.has(f.key))
      .map((f) => ({ key: f.key, ...(w.groupBy === 'handler' ? { label: f.label } : {}), values: series.map((m) => c.valueIn(m, { metrics: {}, tickets: f })) }));
  }
  if (w.groupBy === 'queue') {
    const only = new Set(w.filters.queues);
    return s.queues.filter((q) => !only.size || only.has(q.queue))
      .map((q) => ({ key: q.queue, values: series.map((m) => c.valueIn(m, { metrics: q.metrics, queue: q })) }));
  }
  const only = new Set(w.filters.agents);
  return s.agents.filter((a) => (only.size ? only.has(a.agent) : a.state !== 'logged_out' || (a.metrics.answered ?? 0) > 0))
    .map((a) => ({ key: a.agent, values: series.map((m) => c.valueIn(m, { metrics: a.metrics, agent: a })) }));
}

/** True when an agent or caller in these queues is in the widget's queue filter (none = all). */
export function inQueues(w: Bindings, queues: string[]): boolean {
  return !w.filters.queues.length || queues.some((q) => w.filters.queues.includes(q));
}
