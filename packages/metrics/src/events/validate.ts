/** Validates raw input into events, giving a readable reason for every rejection (never throws). */
import { fastEvent } from './fast-path.ts';
import { CallEvent, EVENT_TYPES } from './schema.ts';
import { tsAheadViolation, type ClockBound } from './time-bounds.ts';

export type Validation =
  | { ok: true; event: CallEvent }
  | { ok: false; reason: string };

/**
 * Validate one parsed JSON value. The reason names the offending field. With `clock`, an event
 * whose `ts` lies more than `clock.maxSkewMs` ahead of `clock.now` is rejected too (where events
 * enter; replaying stored events passes no clock: they were checked when they came in).
 */
export function validateEvent(input: unknown, clock?: ClockBound): Validation {
  const v = validateShape(input);
  if (!v.ok || !clock) return v;
  const ahead = tsAheadViolation(v.event.ts, clock);
  return ahead ? { ok: false, reason: ahead } : v;
}

function validateShape(input: unknown): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reason: 'event must be a JSON object' };
  }
  const fast = fastEvent(input as Record<string, unknown>);
  if (fast) return { ok: true, event: fast };
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    return { ok: false, reason: `unknown event type ${JSON.stringify(type)}; expected one of ${EVENT_TYPES.join(', ')}` };
  }
  const parsed = CallEvent.safeParse(input);
  if (parsed.success) {
    if (!Number.isFinite(parsed.data.ts)) return { ok: false, reason: 'ts: not a valid timestamp' };
    return { ok: true, event: parsed.data };
  }
  const reason = parsed.error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(event)'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason };
}

export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

/** Parse JSON text; the reason of a failure is the one every door gives ("invalid JSON: …"). */
export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
  }
}

/** Parse a text line (JSON), then validate it: the one way text becomes an event. */
export function validateLine(line: string, clock?: ClockBound): Validation {
  const p = parseJson(line);
  return p.ok ? validateEvent(p.value, clock) : p;
}
