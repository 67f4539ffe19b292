/**
 * The catalogue's ticket section, as definitions: opened, finalised, open backlog, mean time to finalise, overdue —
 * in total, by type or by handler. Each has ONE definition: its value from the figures (`value`), whether the
 * figures come live from the tickets in memory or by SQL over the `tickets` snapshots (metrics.ts). No runtime
 * imports: the browser evaluates these on TV pages without loading the rest of the package.
 * :NOTE: like the callback states these are not formulas over the call components (a custom formula cannot use them).
 */

export interface TicketFigures {
  /** The group's key ('' in total or without a handler) and what people read. */
  key: string;
  label: string;
  opened: number;
  finalised: number;
  backlog: number;
  overdue: number;
  /** Sum of (finalised − created) over the tickets finalised in the window, ms. */
  finaliseMs: number;
}

export type TicketMetricId = 'tickets_opened' | 'tickets_finalised' | 'tickets_backlog' | 'tickets_mean_time_to_finalise' | 'tickets_overdue';

export interface TicketMetricDefinition {
  id: TicketMetricId;
  label: string;
  unit: 'count' | 'seconds';
  description: string;
  higherIsBetter: boolean;
  value(f: TicketFigures): number | null;
}

export const TICKET_METRICS: readonly TicketMetricDefinition[] = [
  { id: 'tickets_opened', label: 'Tickets opened', unit: 'count', higherIsBetter: false, description: 'Tickets created in the period (live: today).', value: (f) => f.opened },
  { id: 'tickets_finalised', label: 'Tickets finalised', unit: 'count', higherIsBetter: true, description: 'Tickets finalised in the period (live: today).', value: (f) => f.finalised },
  {
    id: 'tickets_backlog', label: 'Open tickets', unit: 'count', higherIsBetter: false,
    description: 'Open backlog at the end of the period (live: now): taken, allocated or allocated and confirmed (not finalised, not cancelled).', value: (f) => f.backlog,
  },
  {
    id: 'tickets_mean_time_to_finalise', label: 'Mean time to finalise', unit: 'seconds', higherIsBetter: false,
    description: 'Mean time from creation to finalisation of the tickets finalised in the period (live: today), in seconds.', value: (f) => (f.finalised === 0 ? null : f.finaliseMs / f.finalised / 1000),
  },
  {
    id: 'tickets_overdue', label: 'Overdue tickets', unit: 'count', higherIsBetter: false,
    description: 'Open tickets whose scheduled end has passed (at the end of the period; live: now).', value: (f) => f.overdue,
  },
];

export const TICKET_METRIC_IDS = TICKET_METRICS.map((m) => m.id);

const BY_ID = new Map<string, TicketMetricDefinition>(TICKET_METRICS.map((m) => [m.id, m]));

/** The ticket metric of this id, or undefined (not a ticket metric). */
export const ticketMetricById = (id: string): TicketMetricDefinition | undefined => BY_ID.get(id);

/** No ticket: the figures of a group without any. */
export const noTicketFigures = (key = '', label = 'all tickets'): TicketFigures => ({ key, label, opened: 0, finalised: 0, backlog: 0, overdue: 0, finaliseMs: 0 });

/**
 * The tenant's ticket figures the live snapshot carries: today's window [start of today, now) in the tenant's
 * timezone, in total and keyed by type and by handler id ('' = no handler). A group with nothing opened or
 * finalised today and nothing open is not listed (its figures are noTicketFigures()).
 */
export interface LiveTickets {
  total: TicketFigures;
  byType: Record<string, TicketFigures>;
  byHandler: Record<string, TicketFigures>;
}

/**
 * Which tickets a figure counts: only these types and / or these handlers (user ids); empty = any. A ticket has one
 * type and one handler, so the figures of several types (or handlers) add up to those of the set.
 */
export interface TicketFilter {
  types: readonly string[];
  handlers: readonly string[];
}

/** The figures of several groups as one: every figure is a count or a sum over disjoint sets of tickets. */
export function sumTicketFigures(groups: readonly (TicketFigures | undefined)[], key = '', label = 'all tickets'): TicketFigures {
  const out = noTicketFigures(key, label);
  for (const g of groups) {
    if (!g) continue;
    out.opened += g.opened;
    out.finalised += g.finalised;
    out.backlog += g.backlog;
    out.overdue += g.overdue;
    out.finaliseMs += g.finaliseMs;
  }
  return out;
}

/**
 * The live snapshot's figures for a filter: the total, the sum of the chosen types, or of the chosen handlers.
 * undefined without a ticket block, or when both are set: the snapshot is keyed by type and by handler, not by both
 * (read that from history).
 */
export function filteredLiveTickets(live: LiveTickets | undefined, f: TicketFilter): TicketFigures | undefined {
  if (f.types.length && f.handlers.length) return undefined;
  if (!live) return undefined;
  if (f.types.length) return sumTicketFigures(f.types.map((t) => live.byType[t]), '', f.types.join(', '));
  if (f.handlers.length) return sumTicketFigures(f.handlers.map((h) => live.byHandler[h]), '', f.handlers.join(', '));
  return live.total;
}

/**
 * A ticket metric's live value from a group's figures: undefined when `id` is not a ticket metric; null when the
 * group carries no ticket figures (a queue, an agent: tickets are counted per tenant, type and handler).
 */
export function ticketLiveValue(id: string, figures: TicketFigures | undefined): number | null | undefined {
  const m = BY_ID.get(id);
  if (!m) return undefined;
  return figures ? m.value(figures) : null;
}
