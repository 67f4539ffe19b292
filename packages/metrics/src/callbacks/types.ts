/** Callback requests and their history: the stored record (KV value) and the history entries, declared once in zod. */
import { z } from 'zod';

export const CALLBACK_STATUSES = ['open', 'closed'] as const;
export const CallbackStatus = z.enum(CALLBACK_STATUSES);
export type CallbackStatus = z.infer<typeof CallbackStatus>;

/**
 * Why a request closed: automatic (served_inbound, handled_by_callback, expired) or by a person (forced, flushed;
 * removed: a campaign entry taken out of its campaign, or moved to another one).
 */
/** not_completed: a campaign entry called once without an answer (seed 004: "the system does not try the customer again"). */
export const CLOSE_REASONS = ['served_inbound', 'handled_by_callback', 'expired', 'forced', 'flushed', 'removed', 'not_completed'] as const;
export const CloseReason = z.enum(CLOSE_REASONS);
export type CloseReason = z.infer<typeof CloseReason>;

/** Outcome of one callback attempt (`failed`: the outbound call could not be placed, from call.outbound). */
export const ATTEMPT_OUTCOMES = ['answered', 'no_answer', 'busy', 'voicemail', 'sms_sent', 'failed'] as const;
export const AttemptOutcome = z.enum(ATTEMPT_OUTCOMES);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

/** How the caller key was made: a valid E.164 number, a chat handle kept as it is, or a number that did not parse (kept raw, flagged). */
export const CallerKind = z.enum(['e164', 'handle', 'invalid']);
export type CallerKind = z.infer<typeof CallerKind>;

/**
 * Every step a request goes through; each is one history row ('added': a caller put into a campaign, by import, from a
 * missed call or moved; 'recovered': written at start when the rows of a stored step were lost in a crash, carrying the
 * request's state as stored, so that figures as of later moments are right; the lost step's own row is not rebuilt).
 */
export const CALLBACK_ACTIONS = [
  'missed', 'reopened', 'booked', 'released', 'booking_expired', 'booking_cancelled', 'assigned', 'unassigned',
  'attempt', 'note', 'hidden', 'restored', 'closed', 'added', 'recovered',
] as const;
export const CallbackAction = z.enum(CALLBACK_ACTIONS);
export type CallbackAction = z.infer<typeof CallbackAction>;

const Ms = z.number().int().describe('epoch ms');
const Tag = z.string().trim().min(1).max(40);
export const Tags = z.array(Tag).max(20);

export const CallbackNote = z.object({ at: Ms, by: z.string(), byName: z.string(), text: z.string().max(2000) });
export type CallbackNote = z.infer<typeof CallbackNote>;

export const CallbackAttempt = z.object({
  at: Ms, by: z.string(), byName: z.string(), outcome: AttemptOutcome, note: z.string().max(2000).nullable(), tags: Tags,
  callId: z.string().nullable().describe('the outbound call (call.outbound), when the attempt came from the PBX'),
});
export type CallbackAttempt = z.infer<typeof CallbackAttempt>;

/** One caller's callback request in one tenant: the value stored under its KV key. */
export const CallbackRequest = z.object({
  id: z.string().describe('the caller key: e164-<digits> or h-<hash>; a campaign entry c-<campaign id>-e164-<digits>; also the id in URLs and call.outbound.callbackId'),
  tenant: z.string(),
  /** Its source: null for a queue's missed calls, else the campaign (outbound callback campaign, seed 004) it is an entry of. */
  campaign: z.string().nullable().default(null),
  caller: z.string().describe('E.164 number, chat handle, or the raw text of a number that did not parse'),
  callerKind: CallerKind,
  channel: z.enum(['voice', 'chat']),
  cycle: z.number().int().min(1).describe('1 for the first episode; +1 each time a closed request is reopened by a new missed call'),
  status: CallbackStatus,
  hidden: z.boolean(),
  closeReason: CloseReason.nullable(),
  closedAt: Ms.nullable(),
  closedBy: z.string().nullable().describe('user id, or "system" for automatic closing'),
  numCalls: z.number().int().min(0),
  firstCall: Ms,
  lastCall: Ms,
  /** The queue of the last missed call (live metrics per queue count the request there). */
  queue: z.string(),
  queues: z.array(z.string()),
  numRecalled: z.number().int().min(0),
  lastRecalled: Ms.nullable(),
  lastOutcome: AttemptOutcome.nullable(),
  bookedBy: z.string().nullable(),
  bookedByName: z.string().nullable(),
  bookingExpiresAt: Ms.nullable(),
  assignedTo: z.string().nullable(),
  assignedToName: z.string().nullable(),
  tags: Tags,
  notes: z.array(CallbackNote),
  attempts: z.array(CallbackAttempt),
  /** Recent missed calls' ids: a redelivered event never counts twice. */
  callIds: z.array(z.string()),
  updatedAt: Ms,
});
export type CallbackRequest = z.infer<typeof CallbackRequest>;

/** One step of a request's history (who, when, what, why). */
export const CallbackHistoryEntry = z.object({
  at: Ms,
  requestId: z.string(),
  cycle: z.number().int(),
  action: CallbackAction,
  actor: z.string().describe('user id, or "system"'),
  actorName: z.string(),
  reason: z.string().nullable().describe('close reason, hide reason, expiry, …'),
  outcome: AttemptOutcome.nullable(),
  note: z.string().nullable(),
  tags: z.array(z.string()),
  queue: z.string().nullable(),
  callId: z.string().nullable(),
  target: z.string().nullable().describe('assigned user, for assigned/unassigned'),
});
export type CallbackHistoryEntry = z.infer<typeof CallbackHistoryEntry>;

/**
 * What stays in the store of a request closed longer than closedKeptDays: enough to number the
 * caller's next episode (cycle) after the ones in the history, nothing to list.
 */
export const ArchivedCallbackRequest = z.object({
  archived: z.literal(true),
  id: z.string(), tenant: z.string(), campaign: z.string().nullable().default(null), caller: z.string(), callerKind: CallerKind, channel: z.enum(['voice', 'chat']),
  cycle: z.number().int().min(1), firstCall: Ms, lastCall: Ms, closedAt: Ms, closeReason: CloseReason, closedBy: z.string(), queue: z.string(),
});
export type ArchivedCallbackRequest = z.infer<typeof ArchivedCallbackRequest>;

/** The archived request as a closed request with empty lists (what the reducer sees: a new missed call reopens it as the next cycle). */
export function unarchive(a: ArchivedCallbackRequest): CallbackRequest {
  return {
    id: a.id, tenant: a.tenant, campaign: a.campaign, caller: a.caller, callerKind: a.callerKind, channel: a.channel, cycle: a.cycle, status: 'closed', hidden: false,
    closeReason: a.closeReason, closedAt: a.closedAt, closedBy: a.closedBy, numCalls: 0, firstCall: a.firstCall, lastCall: a.lastCall,
    queue: a.queue, queues: [a.queue], numRecalled: 0, lastRecalled: null, lastOutcome: null, bookedBy: null, bookedByName: null,
    bookingExpiresAt: null, assignedTo: null, assignedToName: null, tags: [], notes: [], attempts: [], callIds: [], updatedAt: a.closedAt,
  };
}

/** The archived form of a closed request. */
export function archive(r: CallbackRequest): ArchivedCallbackRequest {
  if (r.status !== 'closed' || r.closeReason === null || r.closedAt === null) throw new RangeError(`request ${r.id} is not closed`);
  return {
    archived: true, id: r.id, tenant: r.tenant, campaign: r.campaign, caller: r.caller, callerKind: r.callerKind, channel: r.channel, cycle: r.cycle,
    firstCall: r.firstCall, lastCall: r.lastCall, closedAt: r.closedAt, closeReason: r.closeReason, closedBy: r.closedBy ?? 'system', queue: r.queue,
  };
}
