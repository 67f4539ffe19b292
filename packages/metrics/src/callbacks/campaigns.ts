/**
 * Outbound callback campaigns (seed 004), the pure part: the campaign record, the ids of its entries (callback
 * requests with a campaign as their source), the line-by-line check of a CSV import with its report of rejected
 * lines, and the progress figures (handled, not completed, remaining).
 */
import { z } from 'zod';
import { normaliseCaller, type NormalisedCaller } from './caller.ts';
import type { CallbackRequest } from './types.ts';

/** A campaign id: 10 lowercase letters or digits (random), so an entry id `c-<campaign>-e164-<digits>` parses back. */
export const CAMPAIGN_ID = /^[a-z0-9]{10}$/;
const Ms = z.number().int().describe('epoch ms');

export const CampaignName = z.string().trim().min(1, 'a campaign needs a name').max(80, 'at most 80 characters');

/** One outbound callback campaign of a tenant: the value stored under CallbackKeys.campaign. */
export const Campaign = z.object({
  id: z.string().regex(CAMPAIGN_ID),
  tenant: z.string(),
  name: CampaignName,
  /** A paused campaign's entries are not offered: booking one is refused (409) until it is resumed. */
  paused: z.boolean(),
  /** Users assigned to work it: only they (and supervisors) see and book its entries. */
  agents: z.array(z.object({ id: z.string(), name: z.string() })).max(500),
  createdAt: Ms,
  createdBy: z.string(),
  updatedAt: Ms,
  /** An archived campaign is closed for good: its open entries were removed, it is left out of the list, its history stays in reports. */
  archivedAt: Ms.nullable().default(null),
});
export type Campaign = z.infer<typeof Campaign>;

/** The request id of a caller's entry in a campaign: one entry per caller number per campaign. */
export function campaignEntryId(campaignId: string, callerKey: string): string {
  return `c-${campaignId}-${callerKey}`;
}

/** The campaign of an entry id; null for a queue's request id. */
export function campaignOfEntry(id: string): string | null {
  const m = /^c-([a-z0-9]{10})-/.exec(id);
  return m ? m[1] : null;
}

// ---- CSV import: every line checked, every rejected line reported with its reason ----

export const REJECT_REASONS = ['empty', 'illegal_characters', 'invalid_number', 'duplicate', 'in_campaign'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** A line of the file: its number (1-based, as an editor shows it), its text as written, and the phone column's value. */
export interface ImportLine {
  line: number;
  raw: string;
  phone: string;
}

export interface RejectedLine {
  line: number;
  raw: string;
  reason: RejectReason;
  /** The sentence shown beside the line. */
  message: string;
  /** For `duplicate`: the line that had the same number first. */
  duplicateOf: number | null;
}

export type LineVerdict = { ok: true; line: number; caller: NormalisedCaller } | ({ ok: false } & RejectedLine);

/**
 * Seed 004: "only digits and ( ) + - . are accepted in the phone number column". :NOTE: spaces between groups
 * are accepted too ("+48 601 234 567"), as everywhere a caller number is read (caller.ts): a CRM export writes them.
 */
const ILLEGAL = /[^\d\s()+\-.]/g;

/**
 * Checks the lines of one import in order (streaming: one line at a time). A number is keyed like a missed call's
 * caller (E.164 in the tenant's default country), so `0601 234 567` and `+48 601 234 567` are duplicates.
 * `inCampaign(callerKey)` says whether the campaign already holds that caller.
 */
export class ImportChecker {
  private readonly seen = new Map<string, number>();

  constructor(private readonly defaultCountry: string, private readonly inCampaign: (callerKey: string) => boolean) {}

  check({ line, raw, phone }: ImportLine): LineVerdict {
    const reject = (reason: RejectReason, message: string, duplicateOf: number | null = null): LineVerdict => ({ ok: false, line, raw, reason, message, duplicateOf });
    const text = phone.trim();
    if (text === '') return reject('empty', 'no phone number');
    const illegal = [...new Set(text.match(ILLEGAL) ?? [])];
    if (illegal.length) return reject('illegal_characters', `illegal characters ${illegal.map((c) => `"${c}"`).join(' ')}: only digits and ( ) + - . are accepted`);
    const caller = normaliseCaller(text, this.defaultCountry, 'voice');
    if (caller.kind !== 'e164') return reject('invalid_number', `not a valid phone number (national numbers are read as ${this.defaultCountry})`);
    const first = this.seen.get(caller.key);
    if (first !== undefined) return reject('duplicate', `duplicate of line ${first}`, first);
    this.seen.set(caller.key, line);
    if (this.inCampaign(caller.key)) return reject('in_campaign', 'already in this campaign');
    return { ok: true, line, caller };
  }
}

// ---- progress ----

/**
 * A campaign's progress over its entries (those removed or moved away no longer count):
 * - handled: closed because the caller was reached (an attempt answered: handled_by_callback; or they called in and
 *   were answered: served_inbound);
 * - not completed: not handled, and either attempted at least once (open or closed) or closed without success
 *   (forced, flushed, expired);
 * - remaining: open and never attempted — still to be worked.
 * handled + notCompleted + remaining = total.
 */
export interface CampaignProgress {
  total: number;
  handled: number;
  notCompleted: number;
  remaining: number;
}

const REACHED = new Set(['handled_by_callback', 'served_inbound']);

export function campaignProgress(entries: Iterable<Pick<CallbackRequest, 'status' | 'closeReason' | 'attempts'>>): CampaignProgress {
  const p: CampaignProgress = { total: 0, handled: 0, notCompleted: 0, remaining: 0 };
  for (const e of entries) {
    if (e.closeReason === 'removed') continue;
    p.total++;
    if (e.status === 'closed' && REACHED.has(e.closeReason ?? '')) p.handled++;
    else if (e.status === 'open' && e.attempts.length === 0) p.remaining++;
    else p.notCompleted++;
  }
  return p;
}
