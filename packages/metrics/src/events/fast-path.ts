/**
 * An accept-only fast path in front of the zod schemas (schema.ts), for the engine's hot loop:
 * a well-formed event in its usual shape (ts in epoch ms, no extra keys, defaults spelled out) is
 * recognised by a few plain checks, ~10× cheaper than the schema. Anything else returns null and
 * the schema decides, and explains. The schema stays the contract: fast-path.test.ts checks on
 * random inputs that whatever this accepts, the schema accepts with the same value.
 */
import { TS_CEILING_MS, TS_FLOOR_MS } from './time-bounds.ts';
import { AgentStateName, Channel, EndedBy, ExitReason, OutboundOutcome, TENANT_PATTERN, type CallEvent } from './schema.ts';

type Input = Record<string, unknown>;
type Check = (v: unknown) => boolean;

const str = (min: number, max: number): Check => (v) => typeof v === 'string' && v.length >= min && v.length <= max;
const id = str(1, 200);
const name = str(1, 120);
const text = str(1, 120);
const ms: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 7 * 24 * 3600_000;
const oneOf = (values: readonly string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const names: Check = (v) => Array.isArray(v) && v.length <= 200 && v.every(name);

/** Per type: required and optional fields beside the envelope (v, id, tenant, ts, type). */
const SHAPES: Record<CallEvent['type'], { required: Record<string, Check>; optional: Record<string, Check> }> = {
  'call.offered': { required: { callId: id, queue: name, caller: text, channel: oneOf(Channel.options) }, optional: { campaign: name } },
  'call.answered': { required: { callId: id, queue: name, agent: name }, optional: { waitMs: ms } },
  'call.abandoned': { required: { callId: id, queue: name }, optional: { waitMs: ms } },
  'call.exited': { required: { callId: id, queue: name, reason: oneOf(ExitReason.options) }, optional: { waitMs: ms } },
  'call.transferred': { required: { callId: id, queue: name, agent: name, target: text }, optional: {} },
  'call.ended': { required: { callId: id, queue: name, agent: name, by: oneOf(EndedBy.options) }, optional: { talkMs: ms } },
  'call.outbound': {
    required: { callId: id, agent: name, number: text, outcome: oneOf(OutboundOutcome.options) },
    optional: { talkMs: ms, callbackId: id },
  },
  'agent.state': {
    required: { agent: name, state: oneOf(AgentStateName.options) },
    optional: { reason: str(0, 120), queues: names },
  },
};
const ENVELOPE = 5;

/** The event itself when it passes; null when the schema must decide. */
export function fastEvent(input: Input): CallEvent | null {
  if (typeof input.type !== 'string' || !Object.hasOwn(SHAPES, input.type)) return null;
  const shape = SHAPES[input.type as CallEvent['type']];
  if (input.v !== 1 || !id(input.id) || typeof input.tenant !== 'string' || !TENANT_PATTERN.test(input.tenant)) return null;
  const ts = input.ts;
  if (typeof ts !== 'number' || !Number.isInteger(ts) || ts < TS_FLOOR_MS || ts > TS_CEILING_MS) return null;
  let n = ENVELOPE;
  for (const key in shape.required) {
    if (!shape.required[key](input[key])) return null;
    n++;
  }
  for (const key in shape.optional) {
    if (!(key in input)) continue;
    if (!shape.optional[key](input[key])) return null;
    n++;
  }
  // Extra keys: the schema strips them, so the value would differ.
  let keys = 0;
  for (const key in input) if (Object.hasOwn(input, key)) keys++;
  if (keys !== n) return null;
  return input as unknown as CallEvent;
}
