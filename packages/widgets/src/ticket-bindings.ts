/**
 * The rules for binding ticket metrics (tickets_*): they are counted per tenant, ticket type and handler, so they
 * take the ticket type / handler filters and groupings and refuse queue, agent and channel filters and groupings (a
 * ticket has no queue); and the ticket filters and groupings refuse every other metric. Refused, not ignored: a tile must never show a
 * tenant-wide number under a title that names a queue.
 */
import { ticketMetricById } from '@callboard/metrics/ticket-catalogue';
import type { KindIssue } from './kinds/define.ts';
import type { Bindings } from './widget-base.ts';

/** The groupings of ticket metrics: a ticket has a type and a handler (the first member of its team). */
export const TICKET_GROUPINGS: readonly string[] = ['ticketType', 'handler'];

/** True when the id is one of the catalogue's ticket metrics. */
export const isTicketMetric = (id: string): boolean => ticketMetricById(id) !== undefined;

export function ticketBindingIssues(w: Bindings): KindIssue[] {
  const tickets = w.metrics.filter(isTicketMetric);
  const others = w.metrics.filter((m) => !isTicketMetric(m));
  const out: KindIssue[] = [];
  if (tickets.length) {
    const which = tickets.join(', ');
    if (w.filters.queues.length) out.push({ path: ['filters', 'queues'], message: `tickets are not counted per queue: ${which} takes a ticket type or handler filter, not queues` });
    if (w.filters.agents.length) out.push({ path: ['filters', 'agents'], message: `tickets are not counted per agent: ${which} takes a handler filter, not agents` });
    if (w.filters.channel) out.push({ path: ['filters', 'channel'], message: `tickets have no channel: ${which} takes no channel filter` });
    if (w.groupBy !== 'none' && !TICKET_GROUPINGS.includes(w.groupBy)) out.push({ path: ['groupBy'], message: `tickets are not grouped by ${w.groupBy}: group ${which} by ticket type or handler, or show one value` });
  }
  if (TICKET_GROUPINGS.includes(w.groupBy) && others.length) {
    out.push({ path: ['groupBy'], message: `grouping by ${w.groupBy === 'handler' ? 'handler' : 'ticket type'} applies to ticket metrics only, not to ${others.join(', ')}` });
  }
  if ((w.filters.ticketTypes.length || w.filters.handlers.length) && others.length) {
    const path = w.filters.ticketTypes.length ? ['filters', 'ticketTypes'] : ['filters', 'handlers'];
    out.push({ path, message: `ticket type and handler filters apply to ticket metrics only, not to ${others.join(', ')}` });
  }
  return out;
}
