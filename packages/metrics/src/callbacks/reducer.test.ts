import { describe, expect, it } from 'vitest';
import { normaliseCaller } from './caller.ts';
import { applyStep, SYSTEM, type Actor, type CallbackStep, type RefusalCode } from './reducer.ts';
import { DEFAULT_CALLBACK_SETTINGS as S, callbackSettings } from './settings.ts';
import { callbackFigures } from './metrics.ts';
import { zonedDateTime } from './clock.ts';
import type { CallbackRequest, CloseReason } from './types.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const MIN = 60_000;
const anna: Actor = { id: 'u-anna', name: 'Anna', supervisor: false };
const bruno: Actor = { id: 'u-bruno', name: 'Bruno', supervisor: false };
const sara: Actor = { id: 'u-sara', name: 'Sara', supervisor: true };
const caller = normaliseCaller('06 1234 5678', 'IT');
const missedStep = (at: number, callId: string, queue = 'sales'): CallbackStep => ({ kind: 'missed', at, tenant: 't1', caller, channel: 'voice', queue, callId });

/** Runs steps from nothing; every step must be accepted. */
function run(steps: CallbackStep[], settings = S): { r: CallbackRequest; actions: string[] } {
  let r: CallbackRequest | null = null;
  const actions: string[] = [];
  for (const s of steps) {
    const out = applyStep(r, s, settings);
    if (!out.ok) throw new Error(`${s.kind} refused: ${out.message}`);
    if (out.changed) { r = out.request; actions.push(...out.history.map((h) => h.action)); }
  }
  return { r: r!, actions };
}

describe('callbacks - caller keys', () => {
  it.each([
    ['0612345678', 'IT', 'voice', 'e164', '+390612345678'],
    ['+39 06 1234 5678', 'IT', 'voice', 'e164', '+390612345678'],
    ['0039 06-1234-5678', 'IT', 'voice', 'e164', '+390612345678'],
    ['22 123 45 67', 'PL', 'voice', 'e164', '+48221234567'],
    ['123', 'IT', 'voice', 'invalid', '123'],
    ['mario.rossi', 'IT', 'chat', 'handle', 'mario.rossi'],
    ['+390612345678', 'IT', 'chat', 'handle', '+390612345678'],
  ] as const)('%s (%s, %s) → %s %s', (raw, country, channel, kind, shown) => {
    const c = normaliseCaller(raw, country, channel);
    expect(c).toMatchObject({ kind, caller: shown });
    expect(c.key).toMatch(/^(e164-\d+|h-[0-9a-f]{32})$/);
  });
  it('one key per number however it is written; invalid numbers meet by their digits', () => {
    expect(normaliseCaller('06 1234 5678', 'IT').key).toBe(normaliseCaller('+390612345678', 'IT').key);
    expect(normaliseCaller('12-3', 'IT').key).toBe(normaliseCaller('1 2 3', 'IT').key);
    expect(normaliseCaller('123', 'IT').key).not.toBe(normaliseCaller('123', 'IT', 'chat').key);
  });
});

describe('callbacks - one row per caller', () => {
  it('missed calls update the same row; a redelivered call id counts once', () => {
    const { r } = run([missedStep(T0, 'c1'), missedStep(T0 + MIN, 'c2', 'support'), missedStep(T0 + MIN, 'c2', 'support')]);
    expect(r).toMatchObject({ numCalls: 2, firstCall: T0, lastCall: T0 + MIN, queues: ['sales', 'support'], queue: 'support', status: 'open', cycle: 1 });
  });
  it('a missed call after closing reopens the row as a new cycle', () => {
    const { r, actions } = run([missedStep(T0, 'c1'), { kind: 'answered_inbound', at: T0 + MIN, queue: 'sales', callId: 'c2', agent: 'a1' }, missedStep(T0 + 2 * MIN, 'c3')]);
    expect(r).toMatchObject({ status: 'open', cycle: 2, numCalls: 1, closeReason: null });
    expect(actions).toEqual(['missed', 'closed', 'reopened', 'missed']);
  });
});

describe('callbacks - every closing path', () => {
  const book = (at: number, by = anna): CallbackStep => ({ kind: 'book', at, by });
  it.each<[string, CallbackStep[], CloseReason, string]>([
    ['caller calls again and is answered', [{ kind: 'answered_inbound', at: T0 + MIN, queue: 'sales', callId: 'c9', agent: 'a1' }], 'served_inbound', 'system'],
    ['call.outbound answered with callbackId', [book(T0 + MIN), { kind: 'outbound', at: T0 + 2 * MIN, callId: 'o1', agent: 'a1', outcome: 'answered' }], 'handled_by_callback', 'a1'],
    ['attempt answered', [book(T0 + MIN), { kind: 'attempt', at: T0 + 2 * MIN, by: anna, outcome: 'answered', note: 'all good' }], 'handled_by_callback', anna.id],
    ['retention passes', [{ kind: 'expire', at: T0 + 7 * 86_400_000 }], 'expired', 'system'],
    ['supervisor force-closes', [{ kind: 'force_close', at: T0 + MIN, by: sara, reason: 'duplicate' }], 'forced', sara.id],
    ['flush', [{ kind: 'flush', at: T0 + MIN, by: sara, reason: 'end of campaign' }], 'flushed', sara.id],
  ])('%s', (_what, steps, reason, closedBy) => {
    const { r, actions } = run([missedStep(T0, 'c1'), ...steps]);
    expect(r).toMatchObject({ status: 'closed', closeReason: reason, closedBy, bookedBy: null, bookingExpiresAt: null });
    expect(actions.at(-1)).toBe('closed');
  });
  it('retention counts from the last missed call, not the first', () => {
    const { r } = run([missedStep(T0, 'c1'), missedStep(T0 + 86_400_000, 'c2'), { kind: 'expire', at: T0 + 7 * 86_400_000 }]);
    expect(r.status).toBe('open');
  });
  it('a no-answer callback keeps it open and counts a recall', () => {
    const { r } = run([missedStep(T0, 'c1'), { kind: 'outbound', at: T0 + MIN, callId: 'o1', agent: 'a1', outcome: 'busy' }, { kind: 'outbound', at: T0 + MIN, callId: 'o1', agent: 'a1', outcome: 'busy' }]);
    expect(r).toMatchObject({ status: 'open', numRecalled: 1, lastRecalled: T0 + MIN, lastOutcome: 'busy' });
  });
  it('events for a caller without a request change nothing', () => {
    expect(applyStep(null, { kind: 'answered_inbound', at: T0, queue: 'q', callId: 'c', agent: 'a' }, S)).toEqual({ ok: true, changed: false, request: null });
  });
});

describe('callbacks - bookings', () => {
  it('booking expires after the timeout, and the sweeper step clears it', () => {
    const { r } = run([missedStep(T0, 'c1'), { kind: 'book', at: T0, by: anna }]);
    expect(r.bookingExpiresAt).toBe(T0 + 15 * MIN);
    const before = applyStep(r, { kind: 'expire_booking', at: T0 + 14 * MIN }, S);
    expect(before).toMatchObject({ ok: true, changed: false });
    const after = applyStep(r, { kind: 'expire_booking', at: T0 + 15 * MIN }, S);
    expect(after).toMatchObject({ ok: true, changed: true, request: { bookedBy: null }, history: [{ action: 'booking_expired', target: anna.id }] });
    // an expired booking no longer holds, even before the sweeper ran
    expect(applyStep(r, { kind: 'book', at: T0 + 16 * MIN, by: bruno }, S)).toMatchObject({ ok: true, request: { bookedBy: bruno.id } });
  });
  it('booking timeout is a tenant setting', () => {
    const { r } = run([missedStep(T0, 'c1'), { kind: 'book', at: T0, by: anna }], callbackSettings({ bookingTimeoutMs: 2 * MIN }));
    expect(r.bookingExpiresAt).toBe(T0 + 2 * MIN);
  });
  it('assigning to someone else cancels the booking another agent held', () => {
    const { r, actions } = run([missedStep(T0, 'c1'), { kind: 'book', at: T0, by: anna }, { kind: 'assign', at: T0 + MIN, by: sara, to: { id: bruno.id, name: bruno.name } }]);
    expect(r).toMatchObject({ assignedTo: bruno.id, bookedBy: null });
    expect(actions.slice(-2)).toEqual(['booking_cancelled', 'assigned']);
    expect(applyStep(r, { kind: 'book', at: T0 + 2 * MIN, by: bruno }, S)).toMatchObject({ ok: true });
  });
});

describe('callbacks - refusals', () => {
  const base = run([missedStep(T0, 'c1')]).r;
  const bookedByAnna = run([missedStep(T0, 'c1'), { kind: 'book', at: T0, by: anna }]).r;
  const closed = run([missedStep(T0, 'c1'), { kind: 'force_close', at: T0, by: sara, reason: 'x' }]).r;
  const hidden = run([missedStep(T0, 'c1'), { kind: 'hide', at: T0, by: sara }]).r;
  const assignedToBruno = run([missedStep(T0, 'c1'), { kind: 'assign', at: T0, by: sara, to: { id: bruno.id, name: 'Bruno' } }]).r;
  const oneAttempt = run([missedStep(T0, 'c1'), { kind: 'attempt', at: T0, by: anna, outcome: 'no_answer' }]).r;
  const maxed = run([missedStep(T0, 'c1'), { kind: 'attempt', at: T0, by: anna, outcome: 'no_answer' }, { kind: 'attempt', at: T0 + 20 * MIN, by: anna, outcome: 'busy' }],
    callbackSettings({ maxAttempts: 2 })).r;
  it.each<[string, CallbackRequest | null, CallbackStep, RefusalCode, RegExp, ReturnType<typeof callbackSettings>?]>([
    ['book nothing', null, { kind: 'book', at: T0, by: anna }, 'not_found', /no such/],
    ['book what another holds', bookedByAnna, { kind: 'book', at: T0 + MIN, by: bruno }, 'booked_by_other', /^already booked by Anna until 09:15 UTC$/],
    ['book a closed request', closed, { kind: 'book', at: T0, by: anna }, 'closed', /closed \(forced\)/],
    ['book a hidden request', hidden, { kind: 'book', at: T0, by: anna }, 'hidden', /hidden/],
    ['book what is assigned to another agent', assignedToBruno, { kind: 'book', at: T0, by: anna }, 'assigned_to_other', /assigned to Bruno/],
    ['release what is not booked', base, { kind: 'release', at: T0, by: anna }, 'not_booked', /not booked/],
    ['release what another holds', bookedByAnna, { kind: 'release', at: T0, by: bruno }, 'booked_by_other', /not by you/],
    ['cancel a booking that is not there', base, { kind: 'cancel_booking', at: T0, by: sara }, 'not_booked', /not booked/],
    ['unassign what is not assigned', base, { kind: 'unassign', at: T0, by: sara }, 'not_assigned', /not assigned/],
    ['attempt on what another holds', bookedByAnna, { kind: 'attempt', at: T0, by: bruno, outcome: 'busy' }, 'booked_by_other', /booked by Anna/],
    ['attempt too soon after the last', oneAttempt, { kind: 'attempt', at: T0 + 5 * MIN, by: anna, outcome: 'busy' }, 'too_soon', /^the last attempt was at 09:00 UTC; wait until 09:10 UTC$/],
    ['attempt over the maximum', maxed, { kind: 'attempt', at: T0 + 60 * MIN, by: anna, outcome: 'busy' }, 'max_attempts', /maximum of 2/, callbackSettings({ maxAttempts: 2 })],
    ['attempt on a closed request', closed, { kind: 'attempt', at: T0, by: anna, outcome: 'busy' }, 'closed', /closed/],
    ['an agent hides what another holds', bookedByAnna, { kind: 'hide', at: T0, by: bruno }, 'booked_by_other', /only they or a supervisor/],
    ['hide twice', hidden, { kind: 'hide', at: T0, by: sara }, 'hidden', /already hidden/],
    ['restore what is not hidden', base, { kind: 'restore', at: T0, by: sara }, 'not_hidden', /not hidden/],
    ['force-close a closed request', closed, { kind: 'force_close', at: T0, by: sara, reason: 'again' }, 'closed', /closed/],
    ['flush a closed request', closed, { kind: 'flush', at: T0, by: sara, reason: 'again' }, 'closed', /closed/],
  ])('%s', (_what, r, step, code, message, settings = S) => {
    const out = applyStep(r, step, settings);
    expect(out).toMatchObject({ ok: false, code });
    if (!out.ok) expect(out.message).toMatch(message);
  });
  it.each([
    ['Europe/Rome', 'already booked by Anna until 10:15 CET', 'the last attempt was at 10:00 CET; wait until 10:10 CET'],
    ['Asia/Tokyo', 'already booked by Anna until 18:15 GMT+9', 'the last attempt was at 18:00 GMT+9; wait until 18:10 GMT+9'],
  ])('refusals say times in the tenant timezone (%s), with its abbreviation or offset', (tz, booked, tooSoon) => {
    expect(applyStep(bookedByAnna, { kind: 'book', at: T0 + MIN, by: bruno }, S, tz)).toEqual({ ok: false, code: 'booked_by_other', message: booked });
    expect(applyStep(oneAttempt, { kind: 'attempt', at: T0 + 5 * MIN, by: anna, outcome: 'busy' }, S, tz)).toEqual({ ok: false, code: 'too_soon', message: tooSoon });
    expect(zonedDateTime(Date.UTC(2026, 6, 1, 22, 30), 'Europe/Rome')).toBe('2026-07-02 00:30 CEST');
  });
  it('an SMS is neither limited by the delay nor counted against the maximum', () => {
    const out = applyStep(oneAttempt, { kind: 'attempt', at: T0 + MIN, by: anna, outcome: 'sms_sent', tags: ['sms'] }, S);
    expect(out).toMatchObject({ ok: true, request: { numRecalled: 2, lastOutcome: 'sms_sent', tags: ['sms'] } });
  });
});

describe('callbacks - history', () => {
  it('every step yields who, when, what and why', () => {
    let r: CallbackRequest | null = null;
    const seen = [];
    for (const s of [missedStep(T0, 'c1'), { kind: 'book', at: T0 + 1, by: anna }, { kind: 'attempt', at: T0 + 2, by: anna, outcome: 'voicemail', note: 'left a message' },
      { kind: 'hide', at: T0 + 3, by: sara, reason: 'spam' }, { kind: 'restore', at: T0 + 4, by: sara }, { kind: 'force_close', at: T0 + 5, by: sara, reason: 'dup' }] as CallbackStep[]) {
      const out = applyStep(r, s, S);
      if (!out.ok || !out.changed) throw new Error('refused');
      r = out.request;
      seen.push(...out.history);
    }
    expect(seen.map((h) => [h.action, h.actor, h.at, h.reason ?? h.outcome ?? h.note])).toEqual([
      ['missed', SYSTEM.id, T0, null], ['booked', anna.id, T0 + 1, null], ['attempt', anna.id, T0 + 2, 'voicemail'],
      ['hidden', sara.id, T0 + 3, 'spam'], ['restored', sara.id, T0 + 4, null], ['closed', sara.id, T0 + 5, 'forced'],
    ]);
  });
});

describe('callbacks - live figures', () => {
  it('open, booked and oldest open per queue; hidden and closed not counted', () => {
    const mk = (phone: string, queue: string, at: number) => applyStep(null, { kind: 'missed', at, tenant: 't1', caller: normaliseCaller(phone, 'IT'), channel: 'voice', queue, callId: phone }, S);
    const a = mk('0611111111', 'sales', T0);
    const b = mk('0622222222', 'sales', T0 + MIN);
    const c = mk('0633333333', 'support', T0 + 2 * MIN);
    if (!a.ok || !b.ok || !c.ok || !a.request || !b.request || !c.request) throw new Error('setup');
    const bBooked = applyStep(b.request, { kind: 'book', at: T0 + 3 * MIN, by: anna }, S);
    const cHidden = applyStep(c.request, { kind: 'hide', at: T0 + 3 * MIN, by: sara }, S);
    if (!bBooked.ok || !cHidden.ok) throw new Error('setup');
    const f = callbackFigures([a.request, bBooked.request!, cHidden.request!], T0 + 4 * MIN);
    expect(f.get('')).toEqual({ open: 2, booked: 1, oldestOpenSince: T0 });
    expect(f.get('sales')).toEqual({ open: 2, booked: 1, oldestOpenSince: T0 });
    expect(f.get('support')).toBeUndefined();
  });
});
