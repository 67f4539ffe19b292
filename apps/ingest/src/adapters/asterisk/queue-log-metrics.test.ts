import { readFileSync } from 'node:fs';
import { defaultTenantSettings, metricValues, TenantLive, validateEvent, type CallEventInput } from '@callboard/metrics';
import { describe, expect, it } from 'vitest';
import { createQueueLogMapper } from './mapper.ts';

const FIXTURE = new URL('./fixtures/queue_log', import.meta.url);
const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);

function mapAll(tenant = 'acme'): CallEventInput[] {
  const mapper = createQueueLogMapper({ tenant });
  return lines.flatMap((l) => {
    const r = mapper.map(l);
    if (r.kind === 'error') throw new Error(`fixture line failed: ${r.error}`);
    return r.kind === 'events' ? r.events : [];
  });
}

type InputOf<T extends CallEventInput['type']> = Extract<CallEventInput, { type: T }>;
const events = mapAll();
const ofType = <T extends CallEventInput['type']>(type: T) => events.filter((e) => e.type === type) as InputOf<T>[];
const count = (type: CallEventInput['type'], queue?: string) =>
  events.filter((e) => e.type === type && (!queue || ('queue' in e && e.queue === queue))).length;

describe('asterisk fixture - mapped events', () => {
  it('maps 66 lines to 73 valid events (4 lines ignored: QUEUESTART, CONFIGRELOAD, DID, RINGNOANSWER)', () => {
    expect(lines).toHaveLength(66);
    expect(events).toHaveLength(73);
    for (const e of events) expect(validateEvent(e).ok).toBe(true);
    const mapper = createQueueLogMapper({ tenant: 'acme' });
    const ignored = lines.filter((l) => mapper.map(l).kind === 'ignored').map((l) => l.split('|')[4]);
    expect(ignored).toEqual(['QUEUESTART', 'CONFIGRELOAD', 'DID', 'RINGNOANSWER']);
  });

  it.each([
    ['call.offered', 9, 8],
    ['call.answered', 5, 5],
    ['call.abandoned', 2, 2],
    ['call.exited', 2, 1],
    ['call.transferred', 1, 0],
    ['call.ended', 5, 5],
  ] as const)('%s: %i in sales, %i in support', (type, sales, support) => {
    expect(count(type, 'sales')).toBe(sales);
    expect(count(type, 'support')).toBe(support);
  });

  it('maps agent lines to 28 agent.state events: 6 log-ins, 3 pauses, 3 unpauses, 10 after-call, 6 membership removals', () => {
    const states = ofType('agent.state');
    expect(states).toHaveLength(28);
    expect(states.filter((e) => e.state === 'paused').map((e) => [e.agent, e.reason])).toEqual([
      ['1003', 'Back office'], ['1002', 'Break'], ['1001', 'Auto-Pause'],
    ]);
    expect(states.filter((e) => e.state === 'logged_out').map((e) => e.agent)).toEqual(['1004', '2001', '1003', '1002', '1001']);
    // 1001 served two queues: leaving support keeps it ready in sales.
    expect(states.find((e) => e.ts === '2026-11-25T08:16:20.000Z')).toMatchObject({ agent: '1001', state: 'ready', queues: ['sales'] });
    expect(new Set(states.map((e) => e.agent))).toEqual(new Set(['1001', '1002', '1003', '1004', '2001']));
  });

  it('carries the fields of the queue_log lines', () => {
    const first = events.find((e) => e.type === 'call.offered') as InputOf<'call.offered'>;
    expect(first).toMatchObject({ v: 1, tenant: 'acme', ts: '2026-11-25T08:00:05.000Z', callId: '1795593605.101', queue: 'sales', caller: '+390212345678', channel: 'voice' });
    expect(ofType('call.answered').map((e) => [e.queue, e.agent, e.waitMs])).toEqual([
      ['sales', '1001', 8000], ['support', '1003', 12000], ['sales', '1002', 20000], ['support', '1004', 19000],
      ['support', '2001', 5000], ['sales', '1001', 45000], ['support', '1004', 106000], ['sales', '1002', 70000],
      ['sales', '1002', 6000], ['support', '1003', 9000],
    ]);
    expect(ofType('call.exited').map((e) => [e.queue, e.reason, e.waitMs])).toEqual([
      ['sales', 'key', 40000], ['sales', 'timeout', 60000], ['support', 'empty', 2000],
    ]);
    expect(ofType('call.abandoned').map((e) => e.waitMs)).toEqual([3000, 4000, 38000, 50000]);
    expect(ofType('call.transferred')).toEqual([expect.objectContaining({ callId: '1795593780.110', agent: '1001', target: '2050' })]);
    expect(ofType('call.ended').map((e) => [e.by, e.talkMs])).toEqual([
      ['caller', 207000], ['agent', 210000], ['agent', 222000], ['caller', 261000], ['agent', 150000],
      ['agent', 270000], ['caller', 104000], ['caller', 125000], ['agent', 144000], ['agent', 171000],
    ]);
    // The caller of the abandoned call at 09:04 calls again at 09:10 and is answered: a repeat caller.
    const c5 = ofType('call.offered').filter((e) => e.caller === '+390612345678');
    expect(c5).toHaveLength(2);
  });

  it('derives ids from the lines: reading the file again yields identical ids, another tenant different ones', () => {
    expect(mapAll().map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const other = mapAll('other');
    expect(other.map((e) => e.id).filter((id) => events.some((e) => e.id === id))).toEqual([]);
  });
});

/*
 * Metrics worked out by hand for the fixture (the default settings, README "Metrics": T = Tref = 20 s, Tlim = 60 s, β = 0.25,
 * short abandon < 5 s). Waits are CONNECT holdtime / ABANDON, EXIT* waittime.
 *
 * sales: answered waits 8, 20, 45, 70, 6 s; abandoned 3 s (short), 38 s; exited key 40 s, timeout 60 s.
 * support: answered waits 12, 19, 5, 106, 9 s; abandoned 4 s (short), 50 s; exited empty 2 s.
 *
 * | metric                          | sales                         | support                          |
 * |---------------------------------|-------------------------------|----------------------------------|
 * | offered                         | 9                             | 8                                |
 * | answered                        | 5                             | 5                                |
 * | abandoned                       | 2                             | 2                                |
 * | short abandons (< 5 s)          | 1 (3 s)                       | 1 (4 s)                          |
 * | exited                          | 2 (key, timeout)              | 1 (empty)                        |
 * | answered within 20 s (w ≤ 20)   | 3 (8, 20, 6)                  | 4 (12, 19, 5, 9)                 |
 * | service level %                 | 3 / (9 − 1) = 37.5            | 4 / (8 − 1) = 57.142857…         |
 * | abandonment rate %              | (2 − 1) / (9 − 1) = 12.5      | (2 − 1) / (8 − 1) = 14.285714…   |
 * | ASA s                           | 149 / 5 = 29.8                | 151 / 5 = 30.2                   |
 * | service quality %               | 3.05 / 8 = 38.125             | 3.5625 / 7 = 50.892857…          |
 *
 * Service quality per answered call: w ≤ 20 → 1 − 0.25·(20 − w)/20; 20 < w < 60 → 1 − (w − 20)/40; w ≥ 60 → 0.
 *   sales:   8 s → 0.85, 20 s → 1, 45 s → 0.375, 70 s → 0, 6 s → 0.825; unanswered 38, 40, 60 s → 0  ⇒ Σ 3.05 over 8
 *   support: 12 s → 0.9, 19 s → 0.9875, 5 s → 0.8125, 106 s → 0, 9 s → 0.8625; unanswered 50, 2 s → 0 ⇒ Σ 3.5625 over 7
 */
describe('asterisk fixture - metrics worked by hand', () => {
  it.each([
    ['sales', { offered: 9, answered: 5, abandoned: 2, shortAbandoned: 1, exited: 2, answeredInSl: 3, serviceLevel: 37.5, abandonRate: 12.5, asaS: 29.8, serviceQuality: 38.125 }],
    ['support', { offered: 8, answered: 5, abandoned: 2, shortAbandoned: 1, exited: 1, answeredInSl: 4, serviceLevel: 400 / 7, abandonRate: 100 / 7, asaS: 30.2, serviceQuality: 356.25 / 7 }],
  ])('%s', (queue, expected) => {
    const m = queueMetrics(events, queue);
    for (const [k, v] of Object.entries(expected)) expect(m[k as keyof typeof m], k).toBeCloseTo(v, 9); // via the metrics reducer
  });
});

/** The real metrics reducer over the mapped events: the catalogue values of one queue for the fixture's day. */
function queueMetrics(all: CallEventInput[], queue: string) {
  const live = new TenantLive('acme', defaultTenantSettings('UTC'));
  for (const input of all) {
    const v = validateEvent(input);
    if (!v.ok) throw new Error(v.reason);
    live.apply(v.event, v.event.ts);
  }
  live.flush();
  const m = metricValues(live.queueTotals.get(queue), false);
  return {
    offered: m.offered, answered: m.answered, abandoned: m.abandoned, shortAbandoned: m.short_abandoned, exited: m.exited,
    answeredInSl: m.answered_in_sl, serviceLevel: m.service_level, abandonRate: m.abandon_rate, asaS: m.asa,
    serviceQuality: m.service_quality,
  };
}
