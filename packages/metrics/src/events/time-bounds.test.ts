/** The ts window: the static floor and ceiling (schema and fast path alike) and the bound relative to the engine's clock. */
import { describe, expect, it } from 'vitest';
import { fastEvent } from './fast-path.ts';
import { TS_CEILING_MS, TS_FLOOR_MS } from './time-bounds.ts';
import { validateEvent } from './validate.ts';

const base = { v: 1, id: 'e1', tenant: 'demo', type: 'call.abandoned', callId: 'c1', queue: 'sales' };
const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const clock = { now: NOW, maxSkewMs: 300_000 };

describe('ts bounds', () => {
  it.each([
    [0, /before the floor 2000-01-01T00:00:00.000Z/],
    [-1, /before the floor/],
    [-8.64e15, /before the floor/],
    [TS_FLOOR_MS - 1, /1999-12-31T23:59:59.999Z is before the floor/],
    ['1999-12-31T23:59:59.999Z', /before the floor/],
    [TS_CEILING_MS + 1, /2300-01-01T00:00:00.000Z is after the ceiling 2299-12-31T23:59:59.999Z/],
    ['2300-01-01T00:00:00Z', /after the ceiling/],
    [8_640_000_000_000_000, /\+275760-09-13T00:00:00.000Z is after the ceiling/],
    [300_000_000_000_000, /after the ceiling/],
    [1e300, /ts: /],
    [1.5e12 + 0.5, /ts: /],
  ])('rejects ts %s with a reason naming the field and the bound', (ts, reason) => {
    const r = validateEvent({ ...base, ts });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(/^ts: /);
      expect(r.reason).toMatch(reason);
    }
    expect(fastEvent({ ...base, ts } as Record<string, unknown>)).toBeNull();
  });

  it.each([
    [TS_FLOOR_MS],
    ['2000-01-01T00:00:00.000Z'],
    [TS_CEILING_MS],
    ['2299-12-31T23:59:59.999Z'],
  ])('accepts ts %s at the static bounds (no clock)', (ts) => {
    expect(validateEvent({ ...base, ts }).ok).toBe(true);
  });

  it.each([
    [NOW, true],
    [NOW + 300_000, true],
    [NOW - 400 * 86_400_000, true],
    [NOW + 300_001, false],
    [NOW + 2 * 86_400_000, false],
    [TS_CEILING_MS, false],
  ])('with the engine clock, ts %s is accepted: %s', (ts, ok) => {
    const r = validateEvent({ ...base, ts }, clock);
    expect(r.ok).toBe(ok);
    // The fast path has no clock: the skew check applies on its result too.
    expect(validateEvent({ ...base, ts: new Date(ts).toISOString() }, clock).ok).toBe(ok);
  });

  it('names the skew and the engine clock in the reason', () => {
    const r = validateEvent({ ...base, ts: '2026-12-02T10:00:00.000Z' }, clock);
    expect(r).toEqual({ ok: false, reason: 'ts: 2026-12-02T10:00:00.000Z is more than 300 s ahead of the engine clock (2026-11-30T12:00:00.000Z)' });
  });
});
