/**
 * Tickets (seed 003): the params, queries, bodies and answers of /api/v1/tickets. The ticket record, its notes
 * and log entries are declared with the domain (@callboard/metrics) and re-exported here. A move the flow
 * refuses answers 409 CONFLICT naming the moves allowed; a bad field 400 naming the field.
 */
import { z } from 'zod';
import {
  LogLevel, Person, Ticket, TicketAttachment, TicketFields, TicketLogEntry, TicketNote, TicketPriority, TicketSettings, TicketSource, TicketStatus,
  TICKET_GROUPS, TICKET_METRIC_IDS, TICKET_PRIORITIES, TICKET_STATUSES,
} from '@callboard/metrics';

export { LogLevel, Person, Ticket, TicketAttachment, TicketLogEntry, TicketNote, TicketPriority, TicketSettings, TicketSource, TicketStatus, TICKET_PRIORITIES, TICKET_STATUSES };

/** A ticket's id in the URL: <series>-<number>. */
export const TicketId = z.string().regex(/^[A-Z][A-Z0-9]{0,9}-[1-9]\d{0,9}$/, 'not a ticket id (<series>-<number>, e.g. INT-42)');
export const TicketParams = z.object({ id: TicketId });
export type TicketParams = z.infer<typeof TicketParams>;
export const AttachmentParams = z.object({ id: TicketId, attachmentId: z.string().regex(/^[a-z0-9]{8,32}$/, 'not an attachment id') });

const Ms = z.number().int().min(946_684_800_000).max(10_413_791_999_999).describe('epoch ms');
const UserRef = z.string().min(1).max(64).describe('user id');

/** What a person writes when opening or editing a ticket: people are named by user id, the engine adds their names. */
const Editable = z.object({
  date: TicketFields.shape.date.optional().describe('YYYY-MM-DD within the open period; default today (tenant timezone)'),
  client: TicketFields.shape.client,
  contactPerson: TicketFields.shape.contactPerson.default(''),
  type: TicketFields.shape.type,
  subject: TicketFields.shape.subject,
  product: TicketFields.shape.product.default(''),
  serialLot: TicketFields.shape.serialLot.default(''),
  priority: TicketPriority.default('medium'),
  confirmed: z.boolean().default(false),
  takenBy: UserRef.optional().describe('default: you'),
  verifiedBy: UserRef.nullable().default(null),
  team: z.array(UserRef).max(20).default([]),
  scheduledStart: Ms.nullable().default(null),
  scheduledEnd: Ms.nullable().default(null),
  phone: z.string().max(40).default('').describe('any national or international form: stored E.164'),
  email: z.string().max(200).default(''),
  address: TicketFields.shape.address.default(''),
  locality: TicketFields.shape.locality.default(''),
  region: TicketFields.shape.region.default(''),
  country: TicketFields.shape.country.default(''),
  contract: TicketFields.shape.contract.default(''),
  estimate: TicketFields.shape.estimate.default(''),
  remarks: TicketFields.shape.remarks.default(''),
});

/** POST /tickets. `source` links a live call, a missed call or a callback request (both ways). */
export const CreateTicket = Editable.extend({
  series: z.string().max(10).optional().describe("default: the tenant's first series"),
  source: TicketSource.partial({ callId: true, queue: true, caller: true, callbackId: true }).optional(),
});
export type CreateTicket = z.input<typeof CreateTicket>;

/** PATCH /tickets/:id: only the fields given change; `revision` (optional) refuses the edit with 409 if the ticket changed since. */
export const UpdateTicket = z.object({
  // :NOTE: without their defaults: a field left out of an edit stays as it is (a default would blank it).
  ...Object.fromEntries(Object.entries(Editable.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? v.unwrap() : v).optional()])) as unknown as {
    [K in keyof typeof Editable.shape]: z.ZodOptional<z.ZodType<z.output<(typeof Editable.shape)[K]>>>
  },
  revision: z.number().int().optional(),
}).strict();
export type UpdateTicket = z.input<typeof UpdateTicket>;

/** POST /tickets/:id/status: a move along the flow; allocation may set the schedule and team at once. */
export const MoveTicket = z.object({
  to: TicketStatus,
  scheduledStart: Ms.optional(),
  scheduledEnd: Ms.optional(),
  team: z.array(UserRef).min(1).max(20).optional(),
});
export type MoveTicket = z.input<typeof MoveTicket>;

export const TicketNoteBody = z.object({
  text: z.string().max(4000).default(''),
  attachments: z.array(z.string().regex(/^[a-z0-9]{8,32}$/)).max(10).default([]).describe('ids of files uploaded to this ticket (POST /tickets/:id/attachments)'),
});
export type TicketNoteBody = z.input<typeof TicketNoteBody>;
export const AttachmentQuery = z.object({ name: z.string().trim().min(1).max(200).describe('file name') });

/** A ticket as answered: the record plus its store revision. */
export const TicketItem = Ticket.extend({ revision: z.number().int().describe('KV revision (compare-and-set token)') });
export type TicketItem = z.infer<typeof TicketItem>;

export const TicketDetail = z.object({ ticket: TicketItem, log: z.array(TicketLogEntry) });
export type TicketDetail = z.infer<typeof TicketDetail>;

const DateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/** GET /tickets: filters of seed 003 (date, client, taken by, verified by, type) and status, priority, handler, scheduled window. */
export const TicketListQuery = z.object({
  from: DateParam.optional().describe('document date from, inclusive'),
  to: DateParam.optional().describe('document date to, inclusive'),
  client: z.string().min(1).max(200).optional().describe('a part of the client name'),
  takenBy: UserRef.optional(),
  verifiedBy: UserRef.optional(),
  type: z.string().min(1).max(60).optional(),
  status: TicketStatus.optional(),
  open: z.stringbool().optional().describe('only open tickets (taken, allocated, allocated and confirmed)'),
  priority: TicketPriority.optional(),
  handler: UserRef.optional().describe('a member of the team'),
  scheduledFrom: z.coerce.number().int().optional().describe('epoch ms: work scheduled to end after this (calendar)'),
  scheduledTo: z.coerce.number().int().optional().describe('epoch ms: work scheduled to start before this (calendar)'),
  mine: z.stringbool().optional().describe('only tickets I took, verify or work in'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TicketListQuery = z.infer<typeof TicketListQuery>;

export const TicketList = z.object({ tickets: z.array(TicketItem), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type TicketList = z.infer<typeof TicketList>;

/** GET /tickets/settings: the tenant's effective ticket settings (change them in PUT /tenant/settings, settings.tickets). */
export { TicketSettings as TicketSettingsView };

/** Users that can be named on a ticket (taken by, verified by, team). */
export const TicketPeople = z.object({ people: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), roles: z.array(z.string()) })) });
export type TicketPeople = z.infer<typeof TicketPeople>;

/** A saved view of the list: columns, grouping and filters, by name (per user). */
export const TicketView = z.object({
  name: z.string().trim().min(1).max(60),
  columns: z.array(z.string().min(1).max(40)).min(1).max(40),
  groupBy: z.enum(['none', 'client', 'type', 'status', 'priority', 'handler', 'scheduledDate']).default('none'),
  filters: z.record(z.string().max(40), z.string().max(200)).default({}),
});
export type TicketView = z.infer<typeof TicketView>;
export const TicketViews = z.object({ views: z.array(TicketView).max(50) });
export type TicketViews = z.infer<typeof TicketViews>;

/** GET /tickets/metrics: the catalogue's ticket metrics over [from, to), live (memory) or historic (ClickHouse); both give the same numbers. */
export const TicketMetricsQuery = z.object({
  from: z.coerce.number().int().describe('epoch ms'),
  to: z.coerce.number().int().describe('epoch ms; backlog and overdue are as of this moment'),
  groupBy: z.enum(TICKET_GROUPS).default('none'),
  source: z.enum(['live', 'history']).default('live'),
});
export const TicketMetricRow = z.object({
  key: z.string(), label: z.string(),
  values: z.record(z.enum(TICKET_METRIC_IDS as [string, ...string[]]), z.number().nullable()),
});
export const TicketMetrics = z.object({
  metrics: z.array(z.object({ id: z.string(), label: z.string(), unit: z.enum(['count', 'seconds']), description: z.string(), higherIsBetter: z.boolean() })),
  rows: z.array(TicketMetricRow),
});
export type TicketMetrics = z.infer<typeof TicketMetrics>;

/** Reports of seed 003, each an SQL SELECT over the tickets tables (exportable): CSV download, or JSON for the printable page. */
export const TICKET_REPORTS = ['tickets', 'objects', 'products', 'evolution'] as const;
export const TicketReportParams = z.object({ report: z.enum(TICKET_REPORTS) });
export const TicketReportQuery = z.object({
  from: DateParam.optional().describe('document date from, inclusive (default: 30 days ago)'),
  to: DateParam.optional().describe('document date to, inclusive (default: today)'),
  ticket: TicketId.optional().describe('evolution sheet: the ticket'),
  format: z.enum(['json', 'csv']).default('json'),
});
export const TicketReport = z.object({
  name: z.string(), title: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), type: z.enum(['string', 'number', 'datetime', 'date']) })),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
});
export type TicketReport = z.infer<typeof TicketReport>;
