/** Bindings every widget shares: metrics, filters, window, grouping, number format, thresholds, grid cell. */
import { z } from 'zod';

/** A catalogue metric id or a tenant's custom metric id (same rule as compileCustomMetric). */
export const MetricId = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'a metric id is lowercase letters, digits and _');

export const Channel = z.enum(['voice', 'chat']);

export const Filters = z.object({
  /** Queue names; empty = all queues. */
  queues: z.array(z.string().min(1).max(100)).max(50).default([]),
  /** Agent names; empty = all agents. */
  agents: z.array(z.string().min(1).max(100)).max(100).default([]),
  channel: Channel.nullable().default(null),
  /** Ticket types (tenant settings); empty = all. Ticket metrics only (tickets_*). */
  ticketTypes: z.array(z.string().min(1).max(60).regex(/^[^,]+$/, 'a ticket type with a comma cannot be filtered on')).max(20).default([]),
  /** Ticket handlers, by user id (the first member of a ticket's team); empty = all. Ticket metrics only. */
  handlers: z.array(z.string().min(1).max(64)).max(20).default([]),
});
export type Filters = z.infer<typeof Filters>;

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

/** Which calls a widget counts: today's live state, today, the last N minutes, or a date range (tenant timezone). */
export const Window = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('live') }),
  z.object({ kind: z.literal('today') }),
  z.object({ kind: z.literal('last'), minutes: z.number().int().min(5).max(1440) }),
  z.object({ kind: z.literal('range'), from: DAY, to: DAY }).refine((w) => w.from <= w.to, 'the range must end on or after its start'),
]);
export type Window = z.infer<typeof Window>;

/**
 * What one value or bar or row stands for. Time groupings are for line charts; ticketType and handler group ticket
 * metrics only (a ticket has a type and a handler, no queue, agent or channel).
 */
export const GroupBy = z.enum(['none', 'queue', 'agent', 'channel', 'hour', 'day', 'ticketType', 'handler']);
export type GroupBy = z.infer<typeof GroupBy>;

export const Format = z.object({
  /** Digits after the point; null = by unit (0 for counts and durations, 1 for percentages). */
  decimals: z.number().int().min(0).max(3).nullable().default(null),
  /** 12.3k instead of 12,345. */
  compact: z.boolean().default(false),
});
export type Format = z.infer<typeof Format>;

/**
 * Colour bands: with higher-is-better metrics, below `red` is red, below `amber` amber, else green;
 * with lower-is-better metrics, above `red` is red, above `amber` amber. null = no band.
 */
export const Thresholds = z.object({
  amber: z.number().nullable().default(null),
  red: z.number().nullable().default(null),
  /** null = the metric's own direction (catalogue higherIsBetter). */
  higherIsBetter: z.boolean().nullable().default(null),
});
export type Thresholds = z.infer<typeof Thresholds>;

/** Position on the wallboard grid, in cells (0-based). */
export const Layout = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  w: z.number().int().min(1),
  h: z.number().int().min(1),
});
export type Layout = z.infer<typeof Layout>;
