/** Ticket settings of a tenant (seed 003): series, types, operation-log level, e-mail to the client, open period, attachment limits. */
import { z } from 'zod';
import { LogLevel } from './types.ts';

/** A series code: capitals and digits, so that `<series>-<number>` is a valid KV key and reads well on paper. */
export const SeriesCode = z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'a series is 1–10 capital letters or digits, starting with a letter (e.g. INT)');

export const TicketSettings = z.object({
  /** The document series tickets are numbered in (seed 003 "Serie"); the first is the default. */
  series: z.array(SeriesCode).min(1).max(20).default(['INT']),
  /** Ticket types (seed 003 "Tipul sesizarii"). */
  types: z.array(z.string().trim().min(1).max(60)).min(1).max(100).default(['fault', 'installation', 'maintenance', 'complaint', 'information']),
  /** Which changes the operation log keeps (basic: creation, status and notes; advanced: + planning fields; detailed: every field). */
  logLevel: LogLevel.default('detailed'),
  /** E-mail the client (the ticket's e-mail) at allocation and at finalisation (seed 003 "Trimite mail catre client"). */
  emailClient: z.boolean().default(false),
  /** First day a ticket may be dated (YYYY-MM-DD); absent: the first day of the current month. The date is never in the future. */
  openPeriodFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().default(null),
  /** Largest attachment, bytes. */
  maxAttachmentBytes: z.number().int().min(1024).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
  /** ISO 3166-1 alpha-2 country of phone numbers written without a prefix. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'two capital letters (ISO 3166-1), e.g. RO').default('RO'),
});
export type TicketSettings = z.infer<typeof TicketSettings>;

export const DEFAULT_TICKET_SETTINGS: TicketSettings = TicketSettings.parse({});

/** The effective settings: stored ones (possibly partial or absent) over the defaults. */
export function ticketSettings(stored: Partial<TicketSettings> | undefined): TicketSettings {
  return { ...DEFAULT_TICKET_SETTINGS, ...(stored ?? {}) };
}

/** Attachment types accepted (documents, images, text, archives): anything else answers 415. */
export const ATTACHMENT_TYPES = [
  'application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv', 'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword', 'application/vnd.ms-excel', 'application/vnd.oasis.opendocument.text',
] as const;
