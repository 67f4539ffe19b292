/**
 * Outbound callback campaigns (seed 004): the params, bodies and answers of /api/v1/campaigns. A campaign's entries
 * are callback requests (one per caller number per campaign, id c-<campaign>-e164-<digits>) worked with the same
 * booking, attempts and closing as a queue's missed calls (/api/v1/callbacks/:id/…).
 */
import { z } from 'zod';
import { Campaign, CampaignName, REJECT_REASONS } from '@callboard/metrics';
import { CallbackId, CallbackItem } from './callbacks.ts';

export { Campaign, CampaignName };

export const CampaignId = z.string().regex(/^[a-z0-9]{10}$/, 'not a campaign id (10 lowercase letters or digits)');
export const CampaignParams = z.object({ id: CampaignId });
export type CampaignParams = z.infer<typeof CampaignParams>;

/** Progress of a campaign over its entries (removed or moved-away ones excluded); handled + notCompleted + remaining = total. */
export const CampaignProgress = z.object({
  total: z.number().int(),
  handled: z.number().int().describe('closed because the caller was reached: an attempt answered, or they called in and were answered'),
  notCompleted: z.number().int().describe('not handled, and attempted at least once (open or closed) or closed without success (forced, flushed)'),
  remaining: z.number().int().describe('open and never attempted'),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

/** A campaign as listed: the record, its progress and how many of its open entries are booked now. */
export const CampaignView = Campaign.extend({ progress: CampaignProgress, booked: z.number().int() });
export type CampaignView = z.infer<typeof CampaignView>;
export const CampaignList = z.object({ campaigns: z.array(CampaignView) });
export type CampaignList = z.infer<typeof CampaignList>;

export const CreateCampaign = z.object({ name: CampaignName });
export type CreateCampaign = z.infer<typeof CreateCampaign>;
/** PATCH /campaigns/:id: rename it (its entries, agents and history keep their campaign). */
export const RenameCampaign = z.object({ name: CampaignName });
export type RenameCampaign = z.infer<typeof RenameCampaign>;
/** GET /campaigns: archived campaigns are left out unless asked for. */
export const CampaignListQuery = z.object({
  archived: z.enum(['exclude', 'include']).default('exclude').describe('include: archived campaigns too (their entries removed, their history kept)'),
});
export type CampaignListQuery = z.infer<typeof CampaignListQuery>;

/** PUT /campaigns/:id/agents: the whole list of users who work it (only users with a VoIP extension). */
export const CampaignAgentsBody = z.object({ userIds: z.array(z.string().min(1).max(64)).max(500) });
export type CampaignAgentsBody = z.infer<typeof CampaignAgentsBody>;

export const CampaignEntriesQuery = z.object({
  view: z.enum(['open', 'closed', 'all']).default('all').describe('all: open and closed, removed ones excluded'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CampaignEntriesQuery = z.infer<typeof CampaignEntriesQuery>;
export const CampaignEntries = z.object({ entries: z.array(CallbackItem), total: z.number().int(), now: z.number().int() });
export type CampaignEntries = z.infer<typeof CampaignEntries>;

/** POST /campaigns/:id/entries: add missed calls' requests (selected in Assign Call) to the campaign. */
export const AddEntriesBody = z.object({ requestIds: z.array(CallbackId).min(1, 'select at least one missed call').max(1000) });
export type AddEntriesBody = z.infer<typeof AddEntriesBody>;

/** Entry ids of this campaign for a bulk move or remove. */
export const EntryIdsBody = z.object({ entryIds: z.array(CallbackId).min(1, 'select at least one entry').max(1000) });
export type EntryIdsBody = z.infer<typeof EntryIdsBody>;
export const MoveEntriesBody = EntryIdsBody.extend({ to: CampaignId.describe('the campaign the entries move to') });
export type MoveEntriesBody = z.infer<typeof MoveEntriesBody>;

/** What a bulk action did: the ids it applied to, and each one it could not with the reason. */
export const BulkResult = z.object({
  done: z.array(z.string()),
  failed: z.array(z.object({ id: z.string(), caller: z.string().nullable(), message: z.string() })),
});
export type BulkResult = z.infer<typeof BulkResult>;

/** POST /campaigns/:id/import?header=&column=, body: the CSV file (text/csv). */
export const ImportQuery = z.object({
  header: z.stringbool().default(false).describe('the first row names the columns'),
  column: z.string().min(1).max(100).optional().describe('the phone column: its header name, or its number (1 = first); default: the header that looks like a phone column, else the first'),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const RejectReason = z.enum(REJECT_REASONS);
export const RejectedLine = z.object({
  line: z.number().int().describe('line number in the file, 1 = first (the header row counts)'),
  raw: z.string().describe('the line as written'),
  reason: RejectReason,
  message: z.string(),
  duplicateOf: z.number().int().nullable().describe('for a duplicate: the line where the number came first'),
});
export type RejectedLine = z.infer<typeof RejectedLine>;

/** The import's report: how many entries were added and every line that was not, in file order. */
export const ImportReport = z.object({
  column: z.string().describe('the column read as the phone number'),
  lines: z.number().int().describe('data lines read (header excluded)'),
  added: z.number().int(),
  rejected: z.array(RejectedLine),
});
export type ImportReport = z.infer<typeof ImportReport>;
