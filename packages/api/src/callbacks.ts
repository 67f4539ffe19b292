/**
 * Missed calls and callbacks: the params, queries, bodies and answers of /api/v1/callbacks. The request
 * record and its history entry are declared with the domain (@callboard/metrics) and re-exported here.
 * A refused step (already booked by someone else, too soon after the last attempt, …) answers 409
 * CONFLICT with a sentence fit to show the agent.
 */
import { z } from 'zod';
import {
  ATTEMPT_OUTCOMES, AttemptOutcome, CALLBACK_ACTIONS, CallbackAction, CallbackAttempt, CallbackHistoryEntry, CallbackNote,
  CallbackRequest, CallbackSettings, CallbackStatus, CallerKind, CLOSE_REASONS, CloseReason, Tags,
} from '@callboard/metrics';

export {
  ATTEMPT_OUTCOMES, AttemptOutcome, CALLBACK_ACTIONS, CallbackAction, CallbackAttempt, CallbackHistoryEntry, CallbackNote,
  CallbackRequest, CallbackSettings, CallbackStatus, CallerKind, CLOSE_REASONS, CloseReason,
};

/** A request's id in the URL: the caller key (e164-<digits> or h-<hex>), or a campaign entry's (c-<campaign id>-e164-<digits>). */
export const CallbackId = z.string().regex(/^(e164-\d{1,20}|h-[0-9a-f]{32}|c-[a-z0-9]{10}-e164-\d{1,20})$/, 'not a callback request id (e164-<digits>, h-<32 hex> or c-<campaign>-e164-<digits>)');
export const CallbackParams = z.object({ id: CallbackId });
export type CallbackParams = z.infer<typeof CallbackParams>;

/** The three views of seed 000/001: open (the backlog), hidden (open but hidden by someone), closed. */
export const CallbackView = z.enum(['open', 'hidden', 'closed']);
export type CallbackView = z.infer<typeof CallbackView>;

/** The list's status filter: who holds an open (or hidden) request, or how a closed one was closed (the Status column). */
export const CallbackListStatus = z.enum(['free', 'booked', 'assigned', ...CLOSE_REASONS]);
export type CallbackListStatus = z.infer<typeof CallbackListStatus>;

export const CallbackSort = z.enum(['lastCall', 'firstCall', 'numCalls', 'numRecalled', 'lastRecalled']);

/** GET /callbacks. Agents see the open pool of their queues plus what they booked or were assigned; supervisors and admins all. */
export const CallbackListQuery = z.object({
  view: CallbackView.default('open'),
  queue: z.string().min(1).max(64).optional(),
  source: z.enum(['queue', 'campaign']).optional().describe("a queue's missed calls, or campaign entries"),
  campaign: z.string().regex(/^[a-z0-9]{10}$/, 'not a campaign id').optional().describe('only the entries of this campaign'),
  caller: z.string().min(1).max(120).optional().describe('a part of the caller number or handle'),
  bookedBy: z.string().min(1).max(64).optional().describe('user id'),
  assignedTo: z.string().min(1).max(64).optional().describe('user id'),
  mine: z.stringbool().optional().describe('only what I booked or was assigned'),
  minCalls: z.coerce.number().int().min(0).optional(),
  minRecalled: z.coerce.number().int().min(0).optional(),
  lastCallFrom: z.coerce.number().int().optional().describe('epoch ms, inclusive'),
  lastCallTo: z.coerce.number().int().optional().describe('epoch ms, exclusive'),
  firstCallFrom: z.coerce.number().int().optional().describe('epoch ms, inclusive'),
  firstCallTo: z.coerce.number().int().optional().describe('epoch ms, exclusive'),
  lastRecalledFrom: z.coerce.number().int().optional().describe('epoch ms, inclusive (never recalled: left out)'),
  lastRecalledTo: z.coerce.number().int().optional().describe('epoch ms, exclusive (never recalled: left out)'),
  status: CallbackListStatus.optional().describe('free, booked or assigned (open and hidden views: booked wins over assigned, as the Status column shows); a close reason (closed view)'),
  sort: CallbackSort.default('lastCall'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CallbackListQuery = z.infer<typeof CallbackListQuery>;

/** A request as listed: the record plus its store revision. */
export const CallbackItem = CallbackRequest.extend({ revision: z.number().int().describe('KV revision (compare-and-set token)') });
export type CallbackItem = z.infer<typeof CallbackItem>;

export const CallbackList = z.object({
  requests: z.array(CallbackItem),
  total: z.number().int().describe('matching requests before paging'),
  limit: z.number().int(),
  offset: z.number().int(),
  now: z.number().int().describe('server time, epoch ms: the countdown of a booking is bookingExpiresAt - now'),
});
export type CallbackList = z.infer<typeof CallbackList>;

/** GET /callbacks/:id: the request and every step of its history (all cycles), oldest first. */
export const CallbackDetail = z.object({
  request: CallbackItem,
  history: z.array(CallbackHistoryEntry),
  now: z.number().int(),
});
export type CallbackDetail = z.infer<typeof CallbackDetail>;

const Note = z.string().trim().min(1).max(2000);

export const BookCallback = z.object({}).describe('no fields: you book for yourself');
export const AttemptBody = z.object({ outcome: AttemptOutcome, note: Note.optional(), tags: Tags.optional() });
export type AttemptBody = z.infer<typeof AttemptBody>;
export const NoteBody = z.object({ note: Note.optional(), tags: Tags.optional() }).refine((b) => b.note !== undefined || b.tags !== undefined, { message: 'a note or tags', path: ['note'] });
export type NoteBody = z.infer<typeof NoteBody>;
export const AssignBody = z.object({ userId: z.string().min(1).max(64).describe('a user with a VoIP extension (and in the eligible list, when one is set)') });
export type AssignBody = z.infer<typeof AssignBody>;
export const ReasonBody = z.object({ reason: z.string().trim().min(1).max(500) });
export type ReasonBody = z.infer<typeof ReasonBody>;
export const OptionalReasonBody = z.object({ reason: z.string().trim().min(1).max(500).optional() });

/** POST /callbacks/flush: closes every open request matching the filter; refused (409) unless `expectedCount` equals how many match now. */
export const FlushBody = z.object({
  filter: z.object({
    queue: z.string().min(1).max(64).optional(),
    lastCallBefore: z.number().int().optional().describe('epoch ms: only requests whose last missed call is older'),
    includeHidden: z.boolean().default(false),
  }),
  reason: z.string().trim().min(1).max(500),
  expectedCount: z.number().int().min(0).describe('how many requests you saw matching: the flush is refused if it differs'),
});
export type FlushBody = z.infer<typeof FlushBody>;
export const FlushResult = z.object({ closed: z.number().int(), ids: z.array(z.string()) });
export type FlushResult = z.infer<typeof FlushResult>;

/** GET /callbacks/eligible-agents: who may be assigned requests (users with a VoIP extension, optionally a configured subset). */
export const EligibleAgent = z.object({ id: z.string(), login: z.string(), name: z.string(), extension: z.string(), queues: z.array(z.string()) });
export const EligibleAgents = z.object({ agents: z.array(EligibleAgent) });
export type EligibleAgents = z.infer<typeof EligibleAgents>;

/** GET /callbacks/summary: the live callback figures, per queue and in total (the same numbers as the catalogue's callback metrics). */
export const CallbackQueueSummary = z.object({
  queue: z.string(),
  open: z.number().int(),
  booked: z.number().int(),
  oldestOpenAgeSeconds: z.number().nullable(),
});
export const CallbackSummary = z.object({ total: CallbackQueueSummary, queues: z.array(CallbackQueueSummary), now: z.number().int() });
export type CallbackSummary = z.infer<typeof CallbackSummary>;

/**
 * WebSocket /api/v1/callbacks/ws: `snapshot` on connect (the live figures and how many open requests
 * the user sees), then `missed` for each new missed call the user may see (header counter,
 * notification), `changed` for every other change of such a request, `heartbeat` every 15 s.
 */
export const CallbackWsMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: z.object({ tenant: z.string(), summary: CallbackSummary, visibleOpen: z.number().int() }) }),
  z.object({ type: z.literal('missed'), request: CallbackItem }),
  z.object({ type: z.literal('changed'), request: CallbackItem }),
  z.object({ type: z.literal('heartbeat'), now: z.number().int() }),
]);
export type CallbackWsMessage = z.infer<typeof CallbackWsMessage>;

const Day = z.iso.date().describe('YYYY-MM-DD, a day in the tenant timezone');

/** GET /callbacks/dashboard: requests opened on the days from..to (inclusive, tenant timezone); optionally of one queue (the queue of their first missed call). */
export const CallbackDashboardQuery = z.object({
  from: Day,
  to: Day,
  queue: z.string().min(1).max(64).optional(),
  /** Seed 000's "type": a queue's missed calls (absent: queue), or outbound campaigns' entries (opened when added). */
  type: z.enum(['queue', 'campaign']).optional(),
  campaign: z.string().regex(/^[a-z0-9]{10}$/, 'not a campaign id').optional().describe("with type=campaign: only this campaign's entries"),
});
export type CallbackDashboardQuery = z.infer<typeof CallbackDashboardQuery>;

/**
 * Seed 000's totals, counted per request episode (a request from its first missed call to its close;
 * a reopened request is a new episode). servedInbound + handledByCallback + callbacksWithoutAnswer +
 * notHandled = total (each episode is exactly one of them); forcedClose (forced or flushed) and
 * expired say how the unhandled ones were closed.
 */
export const CallbackCounts = z.object({
  total: z.number().int(),
  servedInbound: z.number().int().describe('closed because the caller called again and was answered'),
  handledByCallback: z.number().int().describe('a callback attempt was answered'),
  callbacksWithoutAnswer: z.number().int().describe('called back (not by SMS only) without an answer, and not served inbound'),
  notHandled: z.number().int().describe('no callback attempt, and not served inbound'),
  forcedClose: z.number().int().describe('closed by a supervisor (force-close or flush)'),
  expired: z.number().int().describe('closed by retention'),
  open: z.number().int().describe('still open now (hidden included)'),
});
export type CallbackCounts = z.infer<typeof CallbackCounts>;

/** Requests of earlier days closed on `day` (seed 000's daily backlog), by how; callbacksWithoutAnswer counts that day's unanswered attempts on them. */
export const CallbackBacklogDay = z.object({
  day: z.string(),
  servedInbound: z.number().int(),
  handledByCallback: z.number().int(),
  forcedClose: z.number().int(),
  expired: z.number().int(),
  callbacksWithoutAnswer: z.number().int(),
});

/** Seed 001's statistics: by last status, and by who removed them (hidden requests included). */
export const CallbackStatistics = z.object({
  byLastStatus: z.object({ calledBackOk: z.number().int(), smsSent: z.number().int(), otherAttempt: z.number().int(), noAttempt: z.number().int() }),
  byRemoval: z.object({ automatic: z.number().int(), manual: z.number().int(), stillListed: z.number().int() }),
});

export const CallbackDashboard = z.object({
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  totals: CallbackCounts,
  days: z.array(CallbackCounts.extend({ day: z.string() })).describe('one row per day with requests opened, in order'),
  backlog: z.array(CallbackBacklogDay).describe('one row per day with backlog closed, in order'),
  statistics: CallbackStatistics,
});
export type CallbackDashboard = z.infer<typeof CallbackDashboard>;


/** GET/PUT /callbacks/preferences: the signed-in user's own choices (seed 001: an e-mail per new missed call on their queues). */
export const CallbackPreferences = z.object({
  emailOnMissed: z.boolean().describe('an e-mail for every new missed call you may see (needs an e-mail address on your account and SMTP_URL on the server)'),
});
export type CallbackPreferences = z.infer<typeof CallbackPreferences>;
