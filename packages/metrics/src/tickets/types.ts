/** Tickets (seed 003): the stored record (KV value), its notes and attachments, and the operation log entry, declared once in zod. */
import { z } from 'zod';

/** The flow: taken → allocated → allocated and confirmed → finalised; cancelled from any open status (flow.ts). */
export const TICKET_STATUSES = ['taken', 'allocated', 'allocated_confirmed', 'finalised', 'cancelled'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** What people read for each status. */
export const STATUS_LABELS: Record<TicketStatus, string> = {
  taken: 'taken', allocated: 'allocated', allocated_confirmed: 'allocated and confirmed', finalised: 'finalised', cancelled: 'cancelled',
};

export const TICKET_PRIORITIES = ['low', 'medium', 'high'] as const;
export const TicketPriority = z.enum(TICKET_PRIORITIES);
export type TicketPriority = z.infer<typeof TicketPriority>;

/** The operation log's levels (seed 003 "Nivel log operare"): which changes are written (diff.ts). */
export const LOG_LEVELS = ['basic', 'advanced', 'detailed'] as const;
export const LogLevel = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevel>;

const Ms = z.number().int().describe('epoch ms');

/** A person the ticket names: a user of the tenant (id) and the name shown. */
export const Person = z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(120) });
export type Person = z.infer<typeof Person>;

export const TicketAttachment = z.object({
  id: z.string().regex(/^[a-z0-9]{8,32}$/),
  name: z.string().min(1).max(200),
  type: z.string().min(1).max(100).describe('MIME type'),
  size: z.number().int().min(0).describe('bytes'),
  at: Ms,
  by: z.string(),
});
export type TicketAttachment = z.infer<typeof TicketAttachment>;

/** One line of the notes timeline (seed 003 "Mentiuni"): who, when, what, and the files attached. */
export const TicketNote = z.object({
  id: z.number().int().min(1),
  at: Ms,
  by: z.string(),
  byName: z.string(),
  text: z.string().max(4000),
  attachments: z.array(z.string()).max(10).describe('attachment ids'),
});
export type TicketNote = z.infer<typeof TicketNote>;

/** Where the ticket was opened from: a live call, a missed call or a callback request (linked both ways). */
export const TicketSource = z.object({
  kind: z.enum(['call', 'missed_call', 'callback']),
  callId: z.string().max(200).nullable(),
  queue: z.string().max(120).nullable(),
  caller: z.string().max(120).nullable(),
  callbackId: z.string().max(64).nullable(),
});
export type TicketSource = z.infer<typeof TicketSource>;

/** The ticket's editable fields (the ones the operation log compares). */
export const TicketFields = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('document date, YYYY-MM-DD in the tenant timezone'),
  client: z.string().trim().min(1).max(200),
  contactPerson: z.string().trim().max(200),
  type: z.string().trim().min(1).max(60),
  subject: z.string().trim().min(1).max(300),
  product: z.string().trim().max(200).describe('object of the ticket: product or system'),
  serialLot: z.string().trim().max(100).describe("the object's serial number or lot"),
  priority: TicketPriority,
  confirmed: z.boolean().describe('confirmed (real) by the team'),
  takenBy: Person.describe('who took the ticket'),
  verifiedBy: Person.nullable().describe('responsible: who verifies the quality of the work'),
  team: z.array(Person).max(20).describe('the team the work is allocated to; its first member is the handler'),
  scheduledStart: Ms.nullable(),
  scheduledEnd: Ms.nullable(),
  phone: z.string().max(20).describe('E.164, or empty'),
  email: z.string().max(200).describe('validated, or empty'),
  address: z.string().trim().max(300),
  locality: z.string().trim().max(120),
  region: z.string().trim().max(120),
  country: z.string().trim().max(120),
  contract: z.string().trim().max(60),
  estimate: z.string().trim().max(60),
  remarks: z.string().max(4000),
});
export type TicketFields = z.infer<typeof TicketFields>;
export type TicketField = keyof TicketFields;

/** One ticket: the value stored under its KV key (series + number is its id). */
export const Ticket = TicketFields.extend({
  id: z.string().describe('<series>-<number>, e.g. INT-42'),
  tenant: z.string(),
  series: z.string(),
  number: z.number().int().min(1),
  status: TicketStatus,
  source: TicketSource.nullable(),
  notes: z.array(TicketNote).max(1000),
  attachments: z.array(TicketAttachment).max(200),
  createdAt: Ms,
  createdBy: z.string(),
  updatedAt: Ms,
  allocatedAt: Ms.nullable(),
  confirmedAt: Ms.nullable(),
  finalisedAt: Ms.nullable(),
  cancelledAt: Ms.nullable(),
});
export type Ticket = z.infer<typeof Ticket>;

/** One line of the operation log: a field's old and new value, who, when. */
export const TicketLogEntry = z.object({
  at: Ms,
  ticketId: z.string(),
  seq: z.number().int(),
  actor: z.string(),
  actorName: z.string(),
  action: z.enum(['created', 'changed', 'status', 'note', 'attachment']),
  field: z.string(),
  oldValue: z.string(),
  newValue: z.string(),
});
export type TicketLogEntry = z.infer<typeof TicketLogEntry>;

/** The handler of a ticket: the first member of its team (metrics and groupings by handler), or none. */
export function handlerOf(t: Pick<Ticket, 'team'>): Person | null {
  return t.team[0] ?? null;
}
