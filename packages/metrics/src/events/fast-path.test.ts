/** The fast path may only ever say what the schema says: on random inputs, anything it accepts the schema accepts, with the same value. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateEvents } from '../../../../apps/ingest/src/simulator/index.ts';
import { fastEvent } from './fast-path.ts';
import { CallEvent } from './schema.ts';
import { TS_CEILING_MS, TS_FLOOR_MS } from './time-bounds.ts';

// Boundary values of every check: lengths 0/1/120/121/200/201, the tenant pattern, the Ms and ts ranges.
const str = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('', 'a', 'x'.repeat(120), 'x'.repeat(121), 'x'.repeat(200), 'x'.repeat(201),
  'x'.repeat(63), 'x'.repeat(64), 'Demo', 'demO', 'Bad Tenant', 'demo', 'acme-1', 'a_b', '-x', '_x', '9z', 'dé'));
const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 1.5, 7 * 24 * 3600_000, 7 * 24 * 3600_000 + 1, 8 * 24 * 3600_000,
  1_795_000_000_000, 1_795_000_000_000.5, 8_640_000_000_000_000, 8_640_000_000_000_001, NaN, Infinity, -0,
  TS_FLOOR_MS - 1, TS_FLOOR_MS, TS_CEILING_MS, TS_CEILING_MS + 1, 300_000_000_000_000));
const anything = fc.oneof(str, num, fc.constant(null), fc.boolean(), fc.array(str, { maxLength: 3 }), fc.constant(undefined));
const enums = ['voice', 'chat', 'timeout', 'key', 'empty', 'full', 'agent', 'caller', 'system', 'answered', 'no_answer', 'busy', 'failed',
  'logged_out', 'ready', 'wrap_up', 'paused'];
const TYPES = ['call.offered', 'call.answered', 'call.abandoned', 'call.exited', 'call.transferred', 'call.ended', 'call.outbound', 'agent.state', 'toString', '__proto__'];
const FIELDS = ['callId', 'queue', 'caller', 'channel', 'campaign', 'agent', 'waitMs', 'reason', 'target', 'by', 'talkMs', 'number', 'outcome', 'callbackId', 'state', 'queues', 'extra'];

const VALID: Record<string, unknown>[] = [
  { type: 'call.offered', callId: 'c1', queue: 'sales', caller: '+390212345', channel: 'voice', campaign: 'spring' },
  { type: 'call.answered', callId: 'c1', queue: 'sales', agent: 'a1', waitMs: 1200 },
  { type: 'call.abandoned', callId: 'c1', queue: 'sales', waitMs: 0 },
  { type: 'call.exited', callId: 'c1', queue: 'sales', reason: 'timeout' },
  { type: 'call.transferred', callId: 'c1', queue: 'sales', agent: 'a1', target: '201' },
  { type: 'call.ended', callId: 'c1', queue: 'sales', agent: 'a1', by: 'caller', talkMs: 5 },
  { type: 'call.outbound', callId: 'o1', agent: 'a1', number: '123', outcome: 'busy', talkMs: 0, callbackId: 'cb1' },
  { type: 'agent.state', agent: 'a1', state: 'paused', reason: '', queues: ['sales'] },
].map((o) => ({ v: 1, id: 'e1', tenant: 'demo', ts: 1_795_000_000_000, ...o }));
const KEYS = ['v', 'id', 'tenant', 'ts', 'type', ...FIELDS];
const value = fc.oneof(fc.constantFrom(...enums, ...TYPES), fc.constant('q1'), fc.integer({ min: 0, max: 10_000 }), fc.array(fc.constant('sales'), { maxLength: 2 }), fc.constantFrom(Array(200).fill('s'), Array(201).fill('s'), ['x'.repeat(121)]), str, num, anything);
const mutation = fc.oneof(
  fc.record({ del: fc.constantFrom(...KEYS) }),
  fc.record({ key: fc.constantFrom(...KEYS), value }),
);

/** Valid events of every type with zero to three fields dropped, added or replaced by odd values. */
const input = fc.record({ base: fc.constantFrom(...VALID), mutations: fc.array(mutation, { maxLength: 3 }) }).map(({ base, mutations }) => {
  const o: Record<string, unknown> = { ...base };
  for (const m of mutations) {
    if ('del' in m) delete o[m.del];
    else o[m.key] = m.value;
  }
  return o;
});

describe('fastEvent', () => {
  it('accepts only what the schema accepts, with the same value', () => {
    let accepted = 0;
    fc.assert(fc.property(input, (o) => {
      const fast = fastEvent(o);
      if (!fast) return;
      accepted++;
      const z = CallEvent.safeParse(o);
      expect(z.success).toBe(true);
      if (z.success) expect(fast).toEqual(z.data);
    }), { numRuns: 20_000 });
    // The property would be empty if the generator never produced an event the fast path takes.
    expect(accepted).toBeGreaterThan(2_000);
  });

  it('takes the events the engine sees most: every simulator event, once validated and serialised', () => {
    let n = 0;
    for (const ev of generateEvents({ tenant: 'demo', count: 20_000, fromMs: Date.parse('2026-11-25T07:00:00Z'), scale: 5, seed: 7 })) {
      const parsed = CallEvent.safeParse(ev);
      if (!parsed.success) continue;
      const wire = JSON.parse(JSON.stringify(parsed.data));
      expect(fastEvent(wire)).toEqual(parsed.data);
      n++;
    }
    expect(n).toBeGreaterThan(10_000);
  });

  it('leaves to the schema what it would change or explain', () => {
    const base = { v: 1, id: 'e1', tenant: 'demo', ts: 1_795_000_000_000, type: 'call.abandoned', callId: 'c', queue: 'q' };
    expect(fastEvent(base)).toBe(base);
    expect(fastEvent({ ...base, ts: '2026-11-25T10:00:00.000Z' })).toBeNull(); // transformed by the schema
    expect(fastEvent({ ...base, note: 'x' })).toBeNull(); // stripped by the schema
    expect(fastEvent({ ...base, type: 'call.offered', caller: 'x' })).toBeNull(); // channel defaulted by the schema
    expect(fastEvent({ ...base, waitMs: -1 })).toBeNull();
    expect(fastEvent({ ...base, type: 'constructor' })).toBeNull();
  });
});
