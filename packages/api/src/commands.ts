/**
 * PBX commands (seed 004, supervisor actions on agents; callbacks' "Call"): the bodies of
 * POST /api/v1/commands/<name>, the command a PBX adapter receives on `cc.<tenant>.cmd.<name>` (or
 * over the WebSocket /api/v1/commands/ws), its result, and the answer the HTTP caller gets.
 */
import { z } from 'zod';
import { Extension } from './users.ts';

/** Every command, in the order the screens list them. */
export const COMMAND_NAMES = ['originate', 'queue_add', 'queue_remove', 'pause', 'unpause', 'end_wrap_up', 'listen', 'whisper', 'barge'] as const;
export const CommandName = z.enum(COMMAND_NAMES);
export type CommandName = z.infer<typeof CommandName>;

/** Commands a supervisor may give about any agent of the tenant. */
export const SUPERVISOR_COMMANDS = ['queue_add', 'queue_remove', 'end_wrap_up', 'listen', 'whisper', 'barge'] as const satisfies readonly CommandName[];
/** Commands an agent may also give, about themselves only (their own extension or login). */
export const SELF_COMMANDS = ['originate', 'pause', 'unpause'] as const satisfies readonly CommandName[];

// :TRICKY: every value ends up as an AMI header line ("Key: value\r\n"), so a CR or LF would let a
// caller append actions of their own; commas and pipes are argument separators of dialplan
// applications (ChanSpy's Data). None of them is ever valid here.
const safe = (max: number, what: string) => z.string().trim().min(1).max(max)
  .regex(/^[^\p{Cc},|]+$/u, `${what}: no control characters, commas or pipes`);

/** An agent as the events name it (queue_log's member name, e.g. "1001" for PJSIP/1001). */
export const AgentRef = safe(120, 'agent');
export const CommandQueue = safe(64, 'queue');
export const PauseReason = safe(80, 'reason');

/** A number to dial: digits with an optional leading +, * and # allowed; spaces ( ) - . are dropped. */
export const DialNumber = z.string().max(40).transform((s) => s.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^\+?[0-9*#]{2,32}$/, 'a phone number: digits, optional leading +, 2 to 32 digits'));

export const OriginateBody = z.object({
  agent: AgentRef.optional().describe('the agent whose phone rings first (the adapter maps it to a channel)'),
  extension: Extension.optional().describe('or the extension that rings first; an agent calling with neither rings their own'),
  number: DialNumber.describe('the number called once that phone answers'),
  callbackId: z.string().min(1).max(200).regex(/^[^\p{Cc}]+$/u).optional().describe('the callback request being called back (set as CALLBOARD_CALLBACK_ID on the call)'),
});
export const QueueMemberBody = z.object({ agent: AgentRef, queue: CommandQueue });
export const PauseBody = z.object({ agent: AgentRef, reason: PauseReason.optional() });
export const AgentBody = z.object({ agent: AgentRef });
export const SpyBody = z.object({
  agent: AgentRef.describe('the agent on the call'),
  extension: Extension.optional().describe("the supervisor's extension that rings; default the caller's own"),
});

/** The body of POST /api/v1/commands/<name>, per command. */
export const COMMAND_BODIES = {
  originate: OriginateBody,
  queue_add: QueueMemberBody,
  queue_remove: QueueMemberBody,
  pause: PauseBody,
  unpause: AgentBody,
  end_wrap_up: AgentBody,
  listen: SpyBody,
  whisper: SpyBody,
  barge: SpyBody,
} as const satisfies Record<CommandName, z.ZodType>;
export type CommandBody<N extends CommandName> = z.infer<(typeof COMMAND_BODIES)[N]>;

/** What every command carries besides its arguments. */
const Envelope = {
  id: z.uuid().describe('command id; its result carries it'),
  tenant: z.string(),
  at: z.string().describe('ISO-8601, when the engine sent it'),
  by: z.string().describe('who gave it: login or token name (for the PBX log)'),
};

/** A command as a PBX adapter receives it. Spy commands always name the extension to ring. */
export const Command = z.discriminatedUnion('name', [
  z.object({ ...Envelope, name: z.literal('originate'), ...OriginateBody.shape }),
  z.object({ ...Envelope, name: z.literal('queue_add'), ...QueueMemberBody.shape }),
  z.object({ ...Envelope, name: z.literal('queue_remove'), ...QueueMemberBody.shape }),
  z.object({ ...Envelope, name: z.literal('pause'), ...PauseBody.shape }),
  z.object({ ...Envelope, name: z.literal('unpause'), ...AgentBody.shape }),
  z.object({ ...Envelope, name: z.literal('end_wrap_up'), ...AgentBody.shape }),
  z.object({ ...Envelope, name: z.literal('listen'), agent: AgentRef, extension: Extension }),
  z.object({ ...Envelope, name: z.literal('whisper'), agent: AgentRef, extension: Extension }),
  z.object({ ...Envelope, name: z.literal('barge'), agent: AgentRef, extension: Extension }),
]);
export type Command = z.infer<typeof Command>;

/** An adapter's answer to one command, on `cc.<tenant>.cmd_result.<id>` (or over the WebSocket). */
export const CommandResult = z.object({
  id: z.uuid(),
  ok: z.boolean(),
  message: z.string().max(500).describe("a sentence for the screen: the PBX's own text on failure"),
  at: z.string().describe('ISO-8601, when the adapter answered'),
});
export type CommandResult = z.infer<typeof CommandResult>;

/** The WebSocket /api/v1/commands/ws: what the engine sends the adapter, and what it sends back. */
export const AdapterDownMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), tenant: z.string() }),
  z.object({ type: z.literal('command'), command: Command }),
  z.object({ type: z.literal('error'), message: z.string().describe('what was wrong with the last message the adapter sent') }),
]);
export type AdapterDownMessage = z.infer<typeof AdapterDownMessage>;
export const AdapterUpMessage = z.object({ type: z.literal('result'), result: CommandResult });
export type AdapterUpMessage = z.infer<typeof AdapterUpMessage>;

/**
 * The answer to POST /api/v1/commands/<name>: 200 `ok`/`failed` once an adapter answered, 202
 * `unanswered` when none did in time (the command was sent; whether it ran is unknown).
 */
export const CommandReply = z.object({
  id: z.uuid(),
  name: CommandName,
  status: z.enum(['ok', 'failed', 'unanswered']),
  message: z.string(),
  at: z.string().describe('ISO-8601: the adapter\'s answer, or when the engine stopped waiting'),
});
export type CommandReply = z.infer<typeof CommandReply>;
