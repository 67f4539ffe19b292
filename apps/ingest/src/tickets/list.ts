/** The ticket list's filters (seed 003: date, client, taken by, verified by, type; and status, priority, handler, scheduled window) and paging. */
import { isOpen } from '@callboard/metrics';
import type { TicketListQuery } from '@callboard/api';
import type { Principal } from '../identity/roles.ts';
import { isMine, maySee } from './access.ts';
import type { StoredTicket } from './service.ts';

export function listTickets(all: StoredTicket[], q: TicketListQuery, p: Principal): { page: StoredTicket[]; total: number } {
  const client = q.client?.toLowerCase();
  const hit = all.filter(({ ticket: t }) => maySee(p, t)
    && (q.from === undefined || t.date >= q.from) && (q.to === undefined || t.date <= q.to)
    && (client === undefined || t.client.toLowerCase().includes(client))
    && (q.takenBy === undefined || t.takenBy.id === q.takenBy) && (q.verifiedBy === undefined || t.verifiedBy?.id === q.verifiedBy)
    && (q.type === undefined || t.type === q.type) && (q.status === undefined || t.status === q.status) && (!q.open || isOpen(t.status))
    && (q.priority === undefined || t.priority === q.priority) && (q.handler === undefined || t.team.some((m) => m.id === q.handler))
    && (q.scheduledFrom === undefined || (t.scheduledEnd !== null && t.scheduledEnd > q.scheduledFrom))
    && (q.scheduledTo === undefined || (t.scheduledStart !== null && t.scheduledStart < q.scheduledTo))
    && (!q.mine || isMine(p, t)));
  // Newest first: series, then number descending.
  hit.sort((a, b) => a.ticket.series.localeCompare(b.ticket.series) || b.ticket.number - a.ticket.number);
  return { page: hit.slice(q.offset, q.offset + q.limit), total: hit.length };
}
