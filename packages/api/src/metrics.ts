/** The metric catalogue and history (GET /api/v1/metrics): its query and its result. */
import { z } from 'zod';
import { Unit } from '@callboard/widgets';

/** What history rows group by: calls by day, hour, queue, agent or channel; ticket metrics (alone) by ticket type or handler. */
export const GROUPS = ['day', 'hour', 'queue', 'agent', 'channel', 'ticketType', 'handler'] as const;
export const Group = z.enum(GROUPS);
export type Group = z.infer<typeof Group>;

export const CatalogueEntry = z.object({
  id: z.string(),
  label: z.string(),
  unit: Unit,
  description: z.string(),
  formula: z.string(),
  higherIsBetter: z.boolean(),
  source: z.enum(['calls', 'agents', 'callbacks', 'tickets']).describe('what its SQL reads: call facts, agent states, callback_history (a state as of the end of the range; live from the callback requests), or the tickets snapshots (opened and finalised in the range, backlog and overdue at its end; live: today and now, from the tickets)'),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export const Catalogue = z.object({ metrics: z.array(CatalogueEntry) });
export type Catalogue = z.infer<typeof Catalogue>;

// :NOTE: free strings on purpose: the query parser answers each bad value with its own code (INVALID_DATE, INVALID_GROUP, …) and message.
export const HistoryQuery = z.object({
  from: z.string().describe('YYYY-MM-DD or an ISO-8601 instant'),
  to: z.string().describe('YYYY-MM-DD (inclusive: to the end of that day) or an ISO-8601 instant (exclusive)'),
  groupBy: z.string().optional().describe(`comma-separated: ${GROUPS.join(', ')} (ticketType or handler alone, with ticket metrics only)`),
  metrics: z.string().optional().describe('comma-separated catalogue metric ids (default: all)'),
  queue: z.string().optional().describe('comma-separated queue names'),
  agent: z.string().optional().describe('comma-separated agent names'),
  channel: z.string().optional().describe('voice, chat'),
  ticketType: z.string().optional().describe('comma-separated ticket types: ticket metrics of those types only (then name only ticket metrics)'),
  handler: z.string().optional().describe("comma-separated user ids: ticket metrics of the tickets those users handle (first member of the team) only (then name only ticket metrics)"),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const HistoryRow = z.object({
  key: z.partialRecord(Group, z.string()).describe("the group this row is: day (YYYY-MM-DD), hour (YYYY-MM-DDTHH:00+HH:MM, the local hour with its UTC offset), queue, agent, channel, ticketType, handler (a user id; '' = no handler)"),
  label: z.string().optional().describe("what people read for a group whose key is an id: the handler's name ('no handler')"),
  metrics: z.record(z.string(), z.number().nullable()).describe('null when undefined over the group (e.g. a ratio of no calls)'),
});
export type HistoryRow = z.infer<typeof HistoryRow>;

export const HistoryResult = z.object({
  from: z.string(),
  to: z.string(),
  timezone: z.string().describe("the tenant's IANA timezone: days and hours are in it"),
  groupBy: z.array(Group),
  metrics: z.array(z.string()),
  rows: z.array(HistoryRow),
});
export type HistoryResult = z.infer<typeof HistoryResult>;
