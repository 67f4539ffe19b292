/** The public event contract (README "Connecting a PBX"): one zod schema per event type, types inferred from them. */
import { z } from 'zod';
import { tsStaticViolation } from './time-bounds.ts';

/**
 * Accepts ISO-8601 (with or without milliseconds, with an offset or Z) or epoch milliseconds; yields
 * epoch ms, within [TS_FLOOR_MS, TS_CEILING_MS] (time-bounds.ts): the message names the bound.
 */
export const Timestamp = z.union([
  z.number().int(),
  z.iso.datetime({ offset: true, local: false }),
]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  const violation = tsStaticViolation(ms);
  if (violation) {
    ctx.issues.push({ code: 'custom', message: violation, input: v });
    return z.NEVER;
  }
  return ms;
});

const Id = z.string().min(1).max(200);
const Name = z.string().min(1).max(120);
const Ms = z.number().int().nonnegative().max(7 * 24 * 3600_000);

/** A tenant id: lowercase letters, digits, - or _ (also a NATS subject token). */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const envelope = {
  v: z.literal(1),
  id: Id,
  tenant: z.string().regex(TENANT_PATTERN, 'tenant must be lowercase letters, digits, - or _'),
  ts: Timestamp,
};

export const Channel = z.enum(['voice', 'chat']);
export const ExitReason = z.enum(['timeout', 'key', 'empty', 'full']);
export const EndedBy = z.enum(['agent', 'caller', 'system']);
export const OutboundOutcome = z.enum(['answered', 'no_answer', 'busy', 'failed']);
export const AgentStateName = z.enum(['logged_out', 'ready', 'busy', 'wrap_up', 'paused']);

export const CallOffered = z.object({
  ...envelope, type: z.literal('call.offered'),
  callId: Id, queue: Name, caller: z.string().min(1).max(120), channel: Channel.default('voice'), campaign: Name.optional(),
});
export const CallAnswered = z.object({
  ...envelope, type: z.literal('call.answered'), callId: Id, queue: Name, agent: Name, waitMs: Ms.optional(),
});
export const CallAbandoned = z.object({
  ...envelope, type: z.literal('call.abandoned'), callId: Id, queue: Name, waitMs: Ms.optional(),
});
export const CallExited = z.object({
  ...envelope, type: z.literal('call.exited'), callId: Id, queue: Name, reason: ExitReason, waitMs: Ms.optional(),
});
export const CallTransferred = z.object({
  ...envelope, type: z.literal('call.transferred'), callId: Id, queue: Name, agent: Name, target: z.string().min(1).max(120),
});
export const CallEnded = z.object({
  ...envelope, type: z.literal('call.ended'), callId: Id, queue: Name, agent: Name, by: EndedBy, talkMs: Ms.optional(),
});
export const CallOutbound = z.object({
  ...envelope, type: z.literal('call.outbound'), callId: Id, agent: Name, number: z.string().min(1).max(120),
  outcome: OutboundOutcome, talkMs: Ms.optional(), callbackId: Id.optional(),
});
export const AgentState = z.object({
  ...envelope, type: z.literal('agent.state'), agent: Name, state: AgentStateName,
  reason: z.string().max(120).optional(), queues: z.array(Name).max(200).optional(),
});

export const CallEvent = z.discriminatedUnion('type', [
  CallOffered, CallAnswered, CallAbandoned, CallExited, CallTransferred, CallEnded, CallOutbound, AgentState,
]);

export const EVENT_TYPES = ['call.offered', 'call.answered', 'call.abandoned', 'call.exited', 'call.transferred',
  'call.ended', 'call.outbound', 'agent.state'] as const;

/** An event as written on the wire (ts may be a string); what publishers produce. */
export type CallEventInput = z.input<typeof CallEvent>;
/** A validated event: ts is epoch ms. */
export type CallEvent = z.output<typeof CallEvent>;
export type EventType = CallEvent['type'];
export type EventOf<T extends EventType> = Extract<CallEvent, { type: T }>;
export type Channel = z.infer<typeof Channel>;
export type ExitReason = z.infer<typeof ExitReason>;
export type AgentStateName = z.infer<typeof AgentStateName>;
