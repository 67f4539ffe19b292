import { describe, expect, it } from 'vitest';
import { parseJson, validateEvent, validateLine } from './validate.ts';

const base = { v: 1, id: 'e1', tenant: 'demo', ts: '2026-11-25T10:00:00.000Z' };

describe('validateEvent', () => {
  it.each([
    [{ ...base, type: 'call.offered', callId: 'c1', queue: 'sales', caller: '+390212345', channel: 'voice' }],
    [{ ...base, type: 'call.answered', callId: 'c1', queue: 'sales', agent: 'a1', waitMs: 1200 }],
    [{ ...base, type: 'call.abandoned', callId: 'c1', queue: 'sales' }],
    [{ ...base, type: 'call.exited', callId: 'c1', queue: 'sales', reason: 'timeout' }],
    [{ ...base, type: 'call.transferred', callId: 'c1', queue: 'sales', agent: 'a1', target: '201' }],
    [{ ...base, type: 'call.ended', callId: 'c1', queue: 'sales', agent: 'a1', by: 'caller', talkMs: 5 }],
    [{ ...base, type: 'call.outbound', callId: 'o1', agent: 'a1', number: '123', outcome: 'busy' }],
    [{ ...base, type: 'agent.state', agent: 'a1', state: 'paused', reason: 'lunch', queues: ['sales'] }],
    [{ ...base, ts: 1764064800000, type: 'call.abandoned', callId: 'c1', queue: 'sales' }],
  ])('accepts %o', (input) => {
    const r = validateEvent(input);
    expect(r.ok).toBe(true);
    if (r.ok) expect(typeof r.event.ts).toBe('number');
  });

  it.each([
    [null, 'JSON object'],
    [[1], 'JSON object'],
    [{ ...base, type: 'call.teleported' }, 'unknown event type'],
    [{ ...base, type: 'call.offered', queue: 'q', caller: 'x' }, 'callId'],
    [{ ...base, v: 2, type: 'call.abandoned', callId: 'c', queue: 'q' }, 'v:'],
    [{ ...base, ts: 'yesterday', type: 'call.abandoned', callId: 'c', queue: 'q' }, 'ts'],
    [{ ...base, tenant: 'Bad Tenant', type: 'call.abandoned', callId: 'c', queue: 'q' }, 'tenant'],
    [{ ...base, type: 'call.exited', callId: 'c', queue: 'q', reason: 'bored' }, 'reason'],
    [{ ...base, type: 'call.answered', callId: 'c', queue: 'q', agent: 'a', waitMs: -1 }, 'waitMs'],
  ])('rejects %o with a reason naming %s', (input, fragment) => {
    const r = validateEvent(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(fragment);
  });

  it('rejects bad JSON with a reason', () => {
    const r = validateLine('{"v":1,');
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.reason).toMatch(/invalid JSON/);
  });
});

describe('parseJson', () => {
  it.each([
    ['{"a":[1,2]}', { ok: true, value: { a: [1, 2] } }],
    ['"text"', { ok: true, value: 'text' }],
    ['{"v":1,', { ok: false, reason: expect.stringMatching(/^invalid JSON: /) }],
    ['', { ok: false, reason: expect.stringMatching(/^invalid JSON: /) }],
  ])('%j', (text, want) => {
    expect(parseJson(text)).toEqual(want);
  });
});
