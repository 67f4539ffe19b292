// What people read on the ticket screens: statuses, priorities, the list's columns and groupings (seed 003), in one place.
import type { TicketItem, TicketStatus } from '@callboard/api';
import { formatDateTime, formatDay } from '$lib/format/date-time';

export const STATUS: Record<TicketStatus, string> = {
  taken: 'Taken', allocated: 'Allocated', allocated_confirmed: 'Allocated and confirmed', finalised: 'Finalised', cancelled: 'Cancelled',
};
export const PRIORITY = { low: 'Low', medium: 'Medium', high: 'High' } as const;

/** The moves the flow allows from each status, with their button labels (the server refuses any other with 409). */
export const MOVES: Record<TicketStatus, { to: TicketStatus; label: string }[]> = {
  taken: [{ to: 'allocated', label: 'Allocate…' }, { to: 'cancelled', label: 'Cancel ticket' }],
  allocated: [{ to: 'allocated_confirmed', label: 'Confirm (team)' }, { to: 'cancelled', label: 'Cancel ticket' }],
  allocated_confirmed: [{ to: 'finalised', label: 'Finalise' }, { to: 'cancelled', label: 'Cancel ticket' }],
  finalised: [],
  cancelled: [],
};

export interface Column {
  key: string;
  label: string;
  text(t: TicketItem, tz: string | undefined): string;
}

/** The columns the list can show (seed 003's main window), in their default order. */
export const COLUMNS: Column[] = [
  { key: 'id', label: 'Ticket', text: (t) => t.id },
  { key: 'date', label: 'Date', text: (t) => formatDay(t.date) },
  { key: 'client', label: 'Client', text: (t) => t.client },
  { key: 'type', label: 'Type', text: (t) => t.type },
  { key: 'subject', label: 'Subject', text: (t) => t.subject },
  { key: 'product', label: 'Object', text: (t) => t.product },
  { key: 'serialLot', label: 'Serial/lot', text: (t) => t.serialLot },
  { key: 'scheduledStart', label: 'Scheduled start', text: (t, tz) => formatDateTime(t.scheduledStart, tz) },
  { key: 'scheduledEnd', label: 'Scheduled end', text: (t, tz) => formatDateTime(t.scheduledEnd, tz) },
  { key: 'status', label: 'Status', text: (t) => STATUS[t.status] },
  { key: 'priority', label: 'Priority', text: (t) => PRIORITY[t.priority] },
  { key: 'takenBy', label: 'Taken by', text: (t) => t.takenBy.name },
  { key: 'verifiedBy', label: 'Verified by', text: (t) => t.verifiedBy?.name ?? '' },
  { key: 'team', label: 'Team', text: (t) => t.team.map((m) => m.name).join(', ') },
  { key: 'confirmed', label: 'Confirmed', text: (t) => (t.confirmed ? 'yes' : '') },
  { key: 'contactPerson', label: 'Contact person', text: (t) => t.contactPerson },
  { key: 'phone', label: 'Phone', text: (t) => t.phone },
  { key: 'email', label: 'E-mail', text: (t) => t.email },
  { key: 'address', label: 'Address', text: (t) => t.address },
  { key: 'locality', label: 'Locality', text: (t) => t.locality },
  { key: 'region', label: 'Region', text: (t) => t.region },
  { key: 'country', label: 'Country', text: (t) => t.country },
  { key: 'remarks', label: 'Remarks', text: (t) => t.remarks },
];
export const DEFAULT_COLUMNS = ['id', 'date', 'client', 'type', 'subject', 'scheduledStart', 'status', 'priority', 'takenBy', 'team'];

/** The groupings of seed 003: client, type, status, priority, handler, scheduled date. */
export const GROUPINGS = {
  none: { label: 'No grouping', of: () => '' },
  client: { label: 'Client', of: (t: TicketItem) => t.client },
  type: { label: 'Type', of: (t: TicketItem) => t.type },
  status: { label: 'Status', of: (t: TicketItem) => STATUS[t.status] },
  priority: { label: 'Priority', of: (t: TicketItem) => PRIORITY[t.priority] },
  handler: { label: 'Handler', of: (t: TicketItem) => t.team[0]?.name ?? 'no handler' },
  scheduledDate: { label: 'Scheduled date', of: (t: TicketItem, tz?: string) => (t.scheduledStart === null ? 'not scheduled' : dayOf(t.scheduledStart, tz)) },
} as const;
export type Grouping = keyof typeof GROUPINGS;

/** The calendar day (YYYY-MM-DD) of an instant in the call centre's timezone. */
export function dayOf(ms: number, tz: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

/** Rows in groups, groups in order of their name, rows keeping the list's order. */
export function grouped(rows: TicketItem[], by: Grouping, tz?: string): { name: string; rows: TicketItem[] }[] {
  const out = new Map<string, TicketItem[]>();
  for (const t of rows) {
    const g = GROUPINGS[by].of(t, tz);
    out.set(g, [...(out.get(g) ?? []), t]);
  }
  return [...out].sort(([a], [b]) => a.localeCompare(b)).map(([name, r]) => ({ name, rows: r }));
}
