/**
 * The catalogue's ticket section: opened, finalised, open backlog, mean time to finalise, overdue — in
 * total, by type or by handler (the first member of the team). Like every catalogue metric each has ONE
 * definition: figures computed live over the tickets in memory (ticketFigures) or by SQL over the
 * `tickets` snapshot table (ticketFiguresSql), and one function from those figures to the value.
 * Window [from, to): opened and finalised count what happened in it; backlog and overdue are states as
 * of `to` (open: created before `to` and neither finalised nor cancelled before it; overdue: open and its
 * scheduled end before `to`). A ticket counts in the group (type, handler) it had at `to`, with the scheduled end
 * it had then: SQL keeps every version (ticket_versions), live reads the tickets as they are now.
 */
import { handlerOf, type Ticket } from './types.ts';
import { noTicketFigures, type LiveTickets, type TicketFigures, type TicketFilter } from './catalogue.ts';

export * from './catalogue.ts';

export const TICKET_GROUPS = ['none', 'type', 'handler'] as const;
export type TicketGroup = (typeof TICKET_GROUPS)[number];

function groupOf(t: Ticket, by: TicketGroup): { key: string; label: string } {
  if (by === 'type') return { key: t.type, label: t.type };
  if (by === 'handler') {
    const h = handlerOf(t);
    return h ? { key: h.id, label: h.name } : { key: '', label: 'no handler' };
  }
  return { key: '', label: 'all tickets' };
}

const NO_FILTER: TicketFilter = { types: [], handlers: [] };

/** True when the filter keeps this ticket (its type among the types, its handler's id among the handlers; empty = any). */
export function ticketPasses(t: Ticket, f: TicketFilter): boolean {
  if (f.types.length && !f.types.includes(t.type)) return false;
  return !f.handlers.length || f.handlers.includes(handlerOf(t)?.id ?? '');
}

/** Live figures per group over the tickets in memory (those the filter keeps), for the window [from, to). */
export function ticketFigures(tickets: Iterable<Ticket>, from: number, to: number, by: TicketGroup = 'none', filter: TicketFilter = NO_FILTER): TicketFigures[] {
  const out = new Map<string, TicketFigures>();
  for (const t of tickets) {
    if (t.createdAt >= to || !ticketPasses(t, filter)) continue;
    const g = groupOf(t, by);
    let f = out.get(g.key);
    if (!f) out.set(g.key, (f = { ...g, opened: 0, finalised: 0, backlog: 0, overdue: 0, finaliseMs: 0 }));
    if (t.createdAt >= from) f.opened++;
    if (t.finalisedAt !== null && t.finalisedAt >= from && t.finalisedAt < to) {
      f.finalised++;
      f.finaliseMs += t.finalisedAt - t.createdAt;
    }
    const open = !(t.finalisedAt !== null && t.finalisedAt < to) && !(t.cancelledAt !== null && t.cancelledAt < to);
    if (open) {
      f.backlog++;
      if (t.scheduledEnd !== null && t.scheduledEnd < to) f.overdue++;
    }
  }
  return [...out.values()].filter((f) => f.opened + f.finalised + f.backlog > 0).sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The same figures by SQL over `ticket_versions` (migration 014), each ticket as it was at `to`: its last version made
 * at or before `to` (the live figures at `now` read the tickets as they are now, every change made by then). One row
 * per group with columns key, label, opened, finalised, backlog, overdue, finalise_ms. Parameters {tenant:String},
 * {from:Int64}, {to:Int64} (epoch ms), and with `filter` {types:Array(String)} and {handlers:Array(String)}
 * (ticketFilterParams; an empty list keeps all). Unset times are stored as 0 (1970).
 */
export function ticketFiguresSql(by: TicketGroup = 'none', filter = false): string {
  const key = by === 'type' ? 'type' : by === 'handler' ? 'handler' : "''";
  const label = by === 'type' ? 'any(type)' : by === 'handler' ? "if(key = '', 'no handler', any(handler_name))" : "'all tickets'";
  return `SELECT ${key} AS key, ${label} AS label,
       countIf(created_ms >= {from:Int64}) AS opened,
       countIf(finalised_ms > 0 AND finalised_ms >= {from:Int64} AND finalised_ms < {to:Int64}) AS finalised,
       countIf(is_open) AS backlog,
       countIf(is_open AND end_ms > 0 AND end_ms < {to:Int64}) AS overdue,
       sumIf(finalised_ms - created_ms, finalised_ms > 0 AND finalised_ms >= {from:Int64} AND finalised_ms < {to:Int64}) AS finalise_ms
FROM (
  SELECT v_type AS type, v_handler AS handler, v_handler_name AS handler_name,
         toUnixTimestamp64Milli(v_created) AS created_ms, toUnixTimestamp64Milli(v_finalised) AS finalised_ms,
         toUnixTimestamp64Milli(v_cancelled) AS cancelled_ms, toUnixTimestamp64Milli(v_end) AS end_ms,
         NOT (finalised_ms > 0 AND finalised_ms < {to:Int64}) AND NOT (cancelled_ms > 0 AND cancelled_ms < {to:Int64}) AS is_open
  FROM (
    -- Each ticket as it was at \`to\`: its last version made by then.
    SELECT id, argMax(type, version) AS v_type, argMax(handler, version) AS v_handler, argMax(handler_name, version) AS v_handler_name,
           min(created_at) AS v_created, argMax(finalised_at, version) AS v_finalised, argMax(cancelled_at, version) AS v_cancelled,
           argMax(scheduled_end, version) AS v_end
    FROM ticket_versions
    WHERE tenant = {tenant:String} AND toUnixTimestamp64Milli(updated_at) <= {to:Int64} AND toUnixTimestamp64Milli(created_at) < {to:Int64}
    GROUP BY id
  )
  WHERE true${filter ? `
    AND (empty({types:Array(String)}) OR has({types:Array(String)}, type))
    AND (empty({handlers:Array(String)}) OR has({handlers:Array(String)}, handler))` : ''}
)
GROUP BY key
HAVING opened + finalised + backlog > 0
ORDER BY key`;
}

/** The query parameters of ticketFiguresSql(by, true) for a filter. */
export const ticketFilterParams = (f: TicketFilter) => ({ types: [...f.types], handlers: [...f.handlers] });

/** A row of ticketFiguresSql as figures (ClickHouse answers 64-bit integers as strings). */
export function figuresFromRow(r: Record<string, unknown>): TicketFigures {
  return {
    key: String(r.key), label: String(r.label), opened: Number(r.opened), finalised: Number(r.finalised), backlog: Number(r.backlog),
    overdue: Number(r.overdue), finaliseMs: Number(r.finalise_ms),
  };
}

/** The live snapshot's ticket block over the window [from, to): in total, by type and by handler. */
export function liveTickets(tickets: Iterable<Ticket>, from: number, to: number): LiveTickets {
  const list = [...tickets];
  const keyed = (by: TicketGroup) => Object.fromEntries(ticketFigures(list, from, to, by).map((f) => [f.key, f]));
  return { total: ticketFigures(list, from, to, 'none')[0] ?? noTicketFigures(), byType: keyed('type'), byHandler: keyed('handler') };
}

/**
 * The first moment after which the figures over [from, t) change as t moves on without any ticket changing: the
 * earliest creation, finalisation or cancellation at or after `now` (a clock a little behind), or scheduled end at
 * or after `now` of a ticket still open; null when none.
 */
export function nextFigureChange(tickets: Iterable<Ticket>, now: number): number | null {
  let next: number | null = null;
  const see = (at: number | null) => { if (at !== null && at >= now && (next === null || at < next)) next = at; };
  for (const t of tickets) {
    see(t.createdAt);
    see(t.finalisedAt);
    see(t.cancelledAt);
    if (t.finalisedAt === null && t.cancelledAt === null) see(t.scheduledEnd);
  }
  return next;
}
