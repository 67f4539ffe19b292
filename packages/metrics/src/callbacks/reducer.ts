/**
 * The callback reducer: (request | null, step, settings) → the next request and its history entries, or
 * a refusal with a sentence for the person who asked. Pure: the engine stores the result by
 * compare-and-set and retries from the fresh record when another writer got there first.
 */
import type { CallbackSettings } from './settings.ts';
import { zonedClock } from './clock.ts';
import type { NormalisedCaller } from './caller.ts';
import { campaignEntryId, type Campaign } from './campaigns.ts';
import type { AttemptOutcome, CallbackHistoryEntry, CallbackRequest, CloseReason } from './types.ts';

/** Who takes a step: a user, or the engine itself ("system"). */
export interface Actor {
  id: string;
  name: string;
  /** Supervisors and admins may act on what others booked or were assigned. */
  supervisor: boolean;
}

export const SYSTEM: Actor = Object.freeze({ id: 'system', name: 'system', supervisor: true });

export type CallbackStep =
  /** A missed call (abandoned, not short, or exited): opens or updates the caller's request. */
  | { kind: 'missed'; at: number; tenant: string; caller: NormalisedCaller; channel: 'voice' | 'chat'; queue: string; callId: string }
  /** The caller called again and was answered. */
  | { kind: 'answered_inbound'; at: number; queue: string; callId: string; agent: string }
  /** An outbound call carrying the request id (call.outbound callbackId). */
  | { kind: 'outbound'; at: number; callId: string; agent: string; outcome: 'answered' | 'no_answer' | 'busy' | 'failed' }
  | { kind: 'book'; at: number; by: Actor }
  | { kind: 'release'; at: number; by: Actor }
  | { kind: 'expire_booking'; at: number }
  | { kind: 'cancel_booking'; at: number; by: Actor; reason?: string }
  | { kind: 'assign'; at: number; by: Actor; to: { id: string; name: string } }
  | { kind: 'unassign'; at: number; by: Actor }
  | { kind: 'attempt'; at: number; by: Actor; outcome: AttemptOutcome; note?: string; tags?: string[] }
  | { kind: 'note'; at: number; by: Actor; note?: string; tags?: string[] }
  | { kind: 'hide'; at: number; by: Actor; reason?: string }
  | { kind: 'restore'; at: number; by: Actor }
  | { kind: 'force_close'; at: number; by: Actor; reason: string }
  | { kind: 'flush'; at: number; by: Actor; reason: string }
  /** Retention: an open request whose last missed call is older than the tenant's retention closes. */
  | { kind: 'expire'; at: number }
  /**
   * A caller put into a campaign (imported, a missed call added, an entry moved in): opens the entry, or reopens
   * one removed earlier as a new cycle. `queue`: the queue of the missed call it came from ('' for an import).
   */
  | { kind: 'add'; at: number; by: Actor; tenant: string; campaign: string; caller: NormalisedCaller; queue: string; note: string }
  /** A campaign entry taken out of its campaign (removed, or moved to another one: `note` says where). */
  | { kind: 'remove'; at: number; by: Actor; note: string };

/** What the reducer needs to know of a campaign entry's campaign (booking is refused while it is paused, or to agents not assigned). */
export type CampaignContext = Pick<Campaign, 'name' | 'paused' | 'agents'>;

/** Why a step was refused; `not_found` answers 404, the others 409. */
export type RefusalCode =
  | 'not_found' | 'closed' | 'hidden' | 'not_hidden' | 'booked_by_other' | 'assigned_to_other' | 'not_booked'
  | 'not_assigned' | 'max_attempts' | 'too_soon' | 'in_campaign' | 'paused' | 'not_in_campaign';

export type StepResult =
  | { ok: true; changed: true; request: CallbackRequest; history: CallbackHistoryEntry[] }
  | { ok: true; changed: false; request: CallbackRequest | null }
  | { ok: false; code: RefusalCode; message: string };

/** Recent missed-call ids kept per request (redeliveries), and notes kept. */
const KEEP_CALL_IDS = 50;
const KEEP_NOTES = 100;

const refuse = (code: RefusalCode, message: string): StepResult => ({ ok: false, code, message });
const unchanged = (request: CallbackRequest | null): StepResult => ({ ok: true, changed: false, request });

/** True while a booking holds at `at` (an expired one no longer does, whether or not the sweeper has cleared it). */
export function isBooked(r: CallbackRequest, at: number): boolean {
  return r.bookedBy !== null && r.bookingExpiresAt !== null && r.bookingExpiresAt > at;
}

/**
 * `timezone`: the tenant's IANA timezone, for the times in refusal sentences ("until 10:15 CET").
 */
export function applyStep(current: CallbackRequest | null, step: CallbackStep, settings: CallbackSettings, timezone = 'UTC', campaign?: CampaignContext): StepResult {
  const clock = (ms: number) => zonedClock(ms, timezone);
  if (step.kind === 'missed') return missed(current, step);
  if (step.kind === 'add') return added(current, step);
  if (!current) return step.kind === 'answered_inbound' || step.kind === 'outbound' || step.kind === 'expire_booking' || step.kind === 'expire'
    ? unchanged(null) : refuse('not_found', 'no such callback request');
  const r = current;
  const entry = (action: CallbackHistoryEntry['action'], by: Actor, extra: Partial<CallbackHistoryEntry> = {}): CallbackHistoryEntry => ({
    at: step.at, requestId: r.id, cycle: r.cycle, action, actor: by.id, actorName: by.name, reason: null, outcome: null,
    note: null, tags: [], queue: null, callId: null, target: null, ...extra,
  });
  const next = (patch: Partial<CallbackRequest>, history: CallbackHistoryEntry[]): StepResult =>
    ({ ok: true, changed: true, request: { ...r, ...patch, updatedAt: Math.max(r.updatedAt, step.at) }, history });
  const close = (reason: CloseReason, by: Actor, extra: Partial<CallbackHistoryEntry> = {}) => ({
    patch: { status: 'closed', closeReason: reason, closedAt: step.at, closedBy: by.id, bookedBy: null, bookedByName: null, bookingExpiresAt: null } satisfies Partial<CallbackRequest>,
    entry: entry('closed', by, { reason, ...extra }),
  });
  const open = r.status === 'open';
  /**
   * A call attempt without an answer: a queue's missed call stays open for the next attempt (the tenant's retry
   * settings); a campaign entry is done (seed 004: "the system does not try the customer again" — not completed).
   */
  const tried = (recalled: Partial<CallbackRequest>, attempt: CallbackHistoryEntry, by: Actor, extra: Partial<CallbackHistoryEntry> = {}) => {
    if (r.campaign === null) return next(recalled, [attempt]);
    const c = close('not_completed', by, { ...extra, note: 'no answer: a campaign does not call the same caller again' });
    return next({ ...recalled, ...c.patch }, [attempt, c.entry]);
  };

  switch (step.kind) {
    case 'answered_inbound': {
      if (!open) return unchanged(r);
      const c = close('served_inbound', SYSTEM, { queue: step.queue, callId: step.callId, note: `answered by ${step.agent}` });
      return next(c.patch, [c.entry]);
    }
    case 'outbound': {
      if (!open || r.attempts.some((a) => a.callId === step.callId)) return unchanged(r);
      const by: Actor = { id: step.agent, name: step.agent, supervisor: false };
      const attempt = { at: step.at, by: by.id, byName: by.name, outcome: step.outcome, note: null, tags: [], callId: step.callId };
      const recalled = { attempts: [...r.attempts, attempt], numRecalled: r.numRecalled + 1, lastRecalled: step.at, lastOutcome: step.outcome };
      const e = entry('attempt', by, { outcome: step.outcome, callId: step.callId });
      if (step.outcome !== 'answered') return tried(recalled, e, by, { callId: step.callId });
      const c = close('handled_by_callback', by, { callId: step.callId });
      return next({ ...recalled, ...c.patch }, [e, c.entry]);
    }
    case 'expire': {
      // :NOTE: a campaign entry does not expire by the missed calls' retention: a campaign runs as long as it is worked.
      if (!open || r.campaign !== null || r.lastCall + settings.retentionDays * 86_400_000 > step.at) return unchanged(r);
      const c = close('expired', SYSTEM, { note: `no missed call for ${settings.retentionDays} days` });
      return next(c.patch, [c.entry]);
    }
    case 'expire_booking': {
      if (r.bookedBy === null || r.bookingExpiresAt === null || r.bookingExpiresAt > step.at) return unchanged(r);
      return next({ bookedBy: null, bookedByName: null, bookingExpiresAt: null }, [entry('booking_expired', SYSTEM, { target: r.bookedBy })]);
    }
  }

  // Steps people take.
  const by = step.by;
  if (step.kind === 'note') {
    const notes = step.note ? [...r.notes, { at: step.at, by: by.id, byName: by.name, text: step.note }].slice(-KEEP_NOTES) : r.notes;
    const tags = step.tags ? [...new Set([...r.tags, ...step.tags])].slice(0, 20) : r.tags;
    return next({ notes, tags }, [entry('note', by, { note: step.note ?? null, tags: step.tags ?? [] })]);
  }
  if (!open) return refuse('closed', `this request was closed (${r.closeReason?.replaceAll('_', ' ')})`);
  const booked = isBooked(r, step.at);
  const heldByOther = booked && r.bookedBy !== by.id;
  switch (step.kind) {
    case 'book': {
      if (r.hidden) return refuse('hidden', 'this request is hidden; restore it first');
      if (r.campaign !== null && campaign?.paused) return refuse('paused', `campaign "${campaign.name}" is paused: its entries cannot be booked until it is resumed`);
      if (r.campaign !== null && campaign && !by.supervisor && !campaign.agents.some((a) => a.id === by.id)) return refuse('not_in_campaign', `you are not assigned to campaign "${campaign.name}"`);
      if (heldByOther) return refuse('booked_by_other', `already booked by ${r.bookedByName ?? r.bookedBy} until ${clock(r.bookingExpiresAt!)}`);
      if (r.assignedTo !== null && r.assignedTo !== by.id && !by.supervisor) return refuse('assigned_to_other', `assigned to ${r.assignedToName ?? r.assignedTo}`);
      const until = step.at + settings.bookingTimeoutMs;
      return next({ bookedBy: by.id, bookedByName: by.name, bookingExpiresAt: until }, [entry('booked', by, { reason: booked ? 'renewed' : null })]);
    }
    case 'release': {
      if (!booked) return refuse('not_booked', 'this request is not booked');
      if (heldByOther) return refuse('booked_by_other', `booked by ${r.bookedByName ?? r.bookedBy}, not by you`);
      return next({ bookedBy: null, bookedByName: null, bookingExpiresAt: null }, [entry('released', by)]);
    }
    case 'cancel_booking': {
      if (!booked) return refuse('not_booked', 'this request is not booked');
      return next({ bookedBy: null, bookedByName: null, bookingExpiresAt: null }, [entry('booking_cancelled', by, { reason: step.reason ?? null, target: r.bookedBy })]);
    }
    case 'assign': {
      // :NOTE: assigning hands the request over: a booking someone else holds is cancelled with it (seed 000, "Gestisci").
      const drop = booked && r.bookedBy !== step.to.id;
      const history = [
        ...(drop ? [entry('booking_cancelled', by, { reason: `assigned to ${step.to.name}`, target: r.bookedBy })] : []),
        entry('assigned', by, { target: step.to.id, note: step.to.name }),
      ];
      return next({ assignedTo: step.to.id, assignedToName: step.to.name, ...(drop ? { bookedBy: null, bookedByName: null, bookingExpiresAt: null } : {}) }, history);
    }
    case 'unassign': {
      if (r.assignedTo === null) return refuse('not_assigned', 'this request is not assigned to anyone');
      return next({ assignedTo: null, assignedToName: null }, [entry('unassigned', by, { target: r.assignedTo })]);
    }
    case 'attempt': {
      if (heldByOther) return refuse('booked_by_other', `booked by ${r.bookedByName ?? r.bookedBy}: only they can record an attempt now`);
      const calls = step.outcome === 'sms_sent' ? [] : r.attempts.filter((a) => a.outcome !== 'sms_sent');
      if (step.outcome !== 'sms_sent') {
        if (calls.length >= settings.maxAttempts) return refuse('max_attempts', `the maximum of ${settings.maxAttempts} call attempts was reached`);
        const last = calls.at(-1);
        if (last && step.at - last.at < settings.minAttemptDelayMs) {
          return refuse('too_soon', `the last attempt was at ${clock(last.at)}; wait until ${clock(last.at + settings.minAttemptDelayMs)}`);
        }
      }
      const attempt = { at: step.at, by: by.id, byName: by.name, outcome: step.outcome, note: step.note ?? null, tags: step.tags ?? [], callId: null };
      const recalled = {
        attempts: [...r.attempts, attempt], numRecalled: r.numRecalled + 1, lastRecalled: step.at, lastOutcome: step.outcome,
        tags: step.tags ? [...new Set([...r.tags, ...step.tags])].slice(0, 20) : r.tags,
        notes: step.note ? [...r.notes, { at: step.at, by: by.id, byName: by.name, text: step.note }].slice(-KEEP_NOTES) : r.notes,
      };
      const e = entry('attempt', by, { outcome: step.outcome, note: step.note ?? null, tags: step.tags ?? [] });
      if (step.outcome === 'sms_sent') return next(recalled, [e]);
      if (step.outcome !== 'answered') return tried(recalled, e, by);
      const c = close('handled_by_callback', by);
      return next({ ...recalled, ...c.patch }, [e, c.entry]);
    }
    case 'hide': {
      if (r.hidden) return refuse('hidden', 'this request is already hidden');
      if (heldByOther && !by.supervisor) return refuse('booked_by_other', `booked by ${r.bookedByName ?? r.bookedBy}: only they or a supervisor can hide it now`);
      return next({ hidden: true }, [entry('hidden', by, { reason: step.reason ?? null })]);
    }
    case 'restore': {
      if (!r.hidden) return refuse('not_hidden', 'this request is not hidden');
      return next({ hidden: false }, [entry('restored', by)]);
    }
    case 'remove': {
      if (r.campaign === null) return refuse('not_found', 'this request is not a campaign entry');
      const c = close('removed', by, { note: step.note });
      return next(c.patch, [c.entry]);
    }
    case 'force_close':
    case 'flush': {
      const c = close(step.kind === 'flush' ? 'flushed' : 'forced', by, { note: step.reason });
      return next(c.patch, [c.entry]);
    }
  }
}

function added(r: CallbackRequest | null, s: Extract<CallbackStep, { kind: 'add' }>): StepResult {
  if (r && (r.status === 'open' || r.closeReason !== 'removed')) return refuse('in_campaign', 'already in this campaign');
  const entry: CallbackRequest = {
    id: r?.id ?? campaignEntryIdOf(s), tenant: s.tenant, campaign: s.campaign, caller: s.caller.caller, callerKind: s.caller.kind, channel: 'voice',
    cycle: r ? r.cycle + 1 : 1, status: 'open', hidden: false, closeReason: null, closedAt: null, closedBy: null,
    numCalls: 0, firstCall: s.at, lastCall: s.at, queue: s.queue, queues: s.queue ? [s.queue] : [], numRecalled: 0, lastRecalled: null,
    lastOutcome: null, bookedBy: null, bookedByName: null, bookingExpiresAt: null, assignedTo: null, assignedToName: null,
    tags: [], notes: r?.notes ?? [], attempts: [], callIds: [], updatedAt: s.at,
  };
  const history: CallbackHistoryEntry[] = [{
    at: s.at, requestId: entry.id, cycle: entry.cycle, action: 'added', actor: s.by.id, actorName: s.by.name, reason: s.campaign, outcome: null,
    note: s.note, tags: [], queue: s.queue || null, callId: null, target: null,
  }];
  return { ok: true, changed: true, request: entry, history };
}

const campaignEntryIdOf = (s: Extract<CallbackStep, { kind: 'add' }>) => campaignEntryId(s.campaign, s.caller.key);

function missed(r: CallbackRequest | null, s: Extract<CallbackStep, { kind: 'missed' }>): StepResult {
  const e = (req: CallbackRequest, action: 'missed' | 'reopened'): CallbackHistoryEntry => ({
    at: s.at, requestId: req.id, cycle: req.cycle, action, actor: 'system', actorName: 'system', reason: null, outcome: null,
    note: null, tags: [], queue: s.queue, callId: s.callId, target: null,
  });
  if (r && r.callIds.includes(s.callId)) return unchanged(r);
  if (!r || r.status === 'closed') {
    // A caller who misses again after their request closed starts a new cycle of the same row.
    const fresh: CallbackRequest = {
      id: s.caller.key, tenant: s.tenant, campaign: null, caller: s.caller.caller, callerKind: s.caller.kind, channel: s.channel,
      cycle: r ? r.cycle + 1 : 1, status: 'open', hidden: false, closeReason: null, closedAt: null, closedBy: null,
      numCalls: 1, firstCall: s.at, lastCall: s.at, queue: s.queue, queues: [s.queue], numRecalled: 0, lastRecalled: null,
      lastOutcome: null, bookedBy: null, bookedByName: null, bookingExpiresAt: null, assignedTo: null, assignedToName: null,
      tags: [], notes: r?.notes ?? [], attempts: [], callIds: [...(r?.callIds ?? []), s.callId].slice(-KEEP_CALL_IDS), updatedAt: s.at,
    };
    return { ok: true, changed: true, request: fresh, history: r ? [e(fresh, 'reopened'), e(fresh, 'missed')] : [e(fresh, 'missed')] };
  }
  const later = s.at >= r.lastCall;
  const request: CallbackRequest = {
    ...r,
    numCalls: r.numCalls + 1,
    firstCall: Math.min(r.firstCall, s.at),
    lastCall: Math.max(r.lastCall, s.at),
    queue: later ? s.queue : r.queue,
    queues: r.queues.includes(s.queue) ? r.queues : [...r.queues, s.queue],
    callIds: [...r.callIds, s.callId].slice(-KEEP_CALL_IDS),
    updatedAt: Math.max(r.updatedAt, s.at),
  };
  return { ok: true, changed: true, request, history: [e(request, 'missed')] };
}
