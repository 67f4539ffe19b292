/**
 * What is done to a campaign's entries (seed 004), each one a step of the callback service so that it is kept by
 * compare-and-set and lands in callback_history: add missed calls, import a CSV's callers, move entries to another
 * campaign, remove them — in bulk, with every entry that could not be done and why.
 */
import {
  campaignEntryId, campaignProgress, ImportChecker, isBooked, normaliseCaller,
  type Actor, type CallbackRequest, type Campaign, type NormalisedCaller,
} from '@callboard/metrics';
import type { BulkResult, CampaignView, ImportReport, RejectedLine } from '@callboard/api';
import type { CallbackService, StoredRequest } from './service.ts';
import { CallbackRefusedError } from './errors.ts';
import type { ImportFile } from './campaign-import.ts';

/** Every entry of a campaign the service holds in memory (removed ones included). */
export function entriesOf(svc: CallbackService, tenant: string, campaignId: string): StoredRequest[] {
  return svc.list(tenant).filter((s) => s.request.campaign === campaignId);
}

export function campaignView(svc: CallbackService, c: Campaign, now = Date.now()): CampaignView {
  return campaignViews(svc, c.tenant, [c], now)[0];
}

/** Several campaigns of a tenant with their progress, the tenant's requests read once. */
export function campaignViews(svc: CallbackService, tenant: string, campaigns: Campaign[], now = Date.now()): CampaignView[] {
  const byCampaign = new Map<string, CallbackRequest[]>(campaigns.map((c) => [c.id, []]));
  for (const { request: r } of svc.list(tenant)) if (r.campaign !== null) byCampaign.get(r.campaign)?.push(r);
  return campaigns.map((c) => {
    const entries = byCampaign.get(c.id)!;
    return { ...c, progress: campaignProgress(entries), booked: entries.filter((r) => r.status === 'open' && isBooked(r, now)).length };
  });
}

/** True when the campaign holds the caller (an entry not removed). */
function holds(svc: CallbackService, tenant: string, campaignId: string, callerKey: string): boolean {
  const s = svc.get(tenant, campaignEntryId(campaignId, callerKey));
  return !!s && s.request.closeReason !== 'removed';
}

/** Adds one caller; the refusal's sentence when the campaign already holds them (another writer may have been first). */
async function add(svc: CallbackService, c: Campaign, caller: NormalisedCaller, by: Actor, queue: string, note: string): Promise<string | null> {
  try {
    await svc.step(c.tenant, campaignEntryId(c.id, caller.key), (at) => ({ kind: 'add', at, by, tenant: c.tenant, campaign: c.id, caller, queue, note }));
    return null;
  } catch (err) {
    if (err instanceof CallbackRefusedError && err.refusal === 'in_campaign') return err.message;
    throw err;
  }
}

/** The CSV import: every line checked in order; the good ones added; the report lists every other line with its reason. */
export async function importFile(svc: CallbackService, c: Campaign, file: ImportFile, by: Actor): Promise<ImportReport> {
  const checker = new ImportChecker(svc.settings(c.tenant).defaultCountry, (key) => holds(svc, c.tenant, c.id, key));
  const rejected: RejectedLine[] = [];
  let added = 0;
  for (const l of file.lines) {
    const v = checker.check(l);
    if (!v.ok) { const { ok: _ok, ...line } = v; rejected.push(line); continue; }
    const refused = await add(svc, c, v.caller, by, '', `imported (line ${l.line})`);
    if (refused) rejected.push({ line: l.line, raw: l.raw, reason: 'in_campaign', message: refused, duplicateOf: null });
    else added++;
  }
  return { column: file.column, lines: file.lines.length, added, rejected };
}

/** Missed calls' requests (selected in Assign Call) added as entries: only callers with a valid number can be called. */
export async function addRequests(svc: CallbackService, c: Campaign, requests: (StoredRequest | undefined)[], ids: string[], by: Actor): Promise<BulkResult> {
  const out: BulkResult = { done: [], failed: [] };
  for (const [i, s] of requests.entries()) {
    const fail = (message: string) => out.failed.push({ id: ids[i], caller: s?.request.caller ?? null, message });
    if (!s) { fail('no such missed call'); continue; }
    const r = s.request;
    if (r.campaign !== null) { fail('already a campaign entry: move it instead'); continue; }
    const caller = normaliseCaller(r.caller, svc.settings(c.tenant).defaultCountry, r.channel);
    if (caller.kind !== 'e164') { fail(r.channel === 'chat' ? 'a chat contact has no number to call' : 'not a valid phone number'); continue; }
    const refused = await add(svc, c, caller, by, r.queue, `from the missed calls of ${r.queue}`);
    if (refused) fail(refused);
    else out.done.push(campaignEntryId(c.id, caller.key));
  }
  return out;
}

/** Moves entries of `from` to `to`: each is added there (a fresh entry) and removed here; one `to` already holds stays. */
export async function moveEntries(svc: CallbackService, from: Campaign, to: Campaign, ids: string[], by: Actor): Promise<BulkResult> {
  const out: BulkResult = { done: [], failed: [] };
  for (const id of ids) {
    const s = svc.get(from.tenant, id);
    const fail = (message: string) => out.failed.push({ id, caller: s?.request.caller ?? null, message });
    if (!s || s.request.campaign !== from.id || s.request.closeReason === 'removed') { fail(`not an entry of campaign "${from.name}"`); continue; }
    if (s.request.status !== 'open') { fail(`closed (${s.request.closeReason?.replaceAll('_', ' ')}): only open entries move`); continue; }
    const caller = normaliseCaller(s.request.caller, svc.settings(from.tenant).defaultCountry);
    const refused = await add(svc, to, caller, by, s.request.queue, `moved from campaign "${from.name}"`);
    if (refused) { fail(`already in campaign "${to.name}"`); continue; }
    try {
      await svc.step(from.tenant, id, (at) => ({ kind: 'remove', at, by, note: `moved to campaign "${to.name}"` }));
      out.done.push(campaignEntryId(to.id, caller.key));
    } catch (err) {
      if (!(err instanceof CallbackRefusedError)) throw err;
      fail(err.message);
    }
  }
  return out;
}

/** Removes entries from their campaign (closed as removed; their history stays). */
export async function removeEntries(svc: CallbackService, c: Campaign, ids: string[], by: Actor): Promise<BulkResult> {
  const out: BulkResult = { done: [], failed: [] };
  for (const id of ids) {
    const s = svc.get(c.tenant, id);
    if (!s || s.request.campaign !== c.id || s.request.closeReason === 'removed') { out.failed.push({ id, caller: s?.request.caller ?? null, message: `not an entry of campaign "${c.name}"` }); continue; }
    try {
      await svc.step(c.tenant, id, (at) => ({ kind: 'remove', at, by, note: `removed from campaign "${c.name}"` }));
      out.done.push(id);
    } catch (err) {
      if (!(err instanceof CallbackRefusedError)) throw err;
      out.failed.push({ id, caller: s.request.caller, message: err.message });
    }
  }
  return out;
}
