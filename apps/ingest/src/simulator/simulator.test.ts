import { validateEvent, type CallEventInput } from '@callboard/metrics';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createSimulator, generateDay, generateEvents } from './index.ts';
import { DEFAULT_AGENTS, DEFAULT_QUEUES } from './defaults.ts';
import { buildAgents, buildQueues } from './engine-model.ts';

const TZ = 'Europe/Rome';
// A Wednesday: a full weekday of traffic.
const day = generateDay({ tenant: 'demo', seed: 42, date: '2026-11-25', timezone: TZ });
type InputOf<T extends CallEventInput['type']> = Extract<CallEventInput, { type: T }>;
const ms = (e: CallEventInput): number => Date.parse(e.ts as string);
const ofType = <T extends CallEventInput['type']>(events: CallEventInput[], type: T) =>
  events.filter((e) => e.type === type) as InputOf<T>[];

describe('simulator - generateDay', () => {
  it('yields only valid events of the contract, sorted by ts, with unique ids and millisecond ISO times', () => {
    expect(day.length).toBeGreaterThan(3000);
    for (const e of day) {
      const v = validateEvent(e);
      expect(v.ok ? true : v.reason).toBe(true);
      expect(e.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    for (let i = 1; i < day.length; i++) expect(ms(day[i])).toBeGreaterThanOrEqual(ms(day[i - 1]));
    expect(new Set(day.map((e) => e.id)).size).toBe(day.length);
  });

  it('is deterministic: the same seed gives the same events, another seed different ones', () => {
    expect(generateDay({ tenant: 'demo', seed: 42, date: '2026-11-25', timezone: TZ })).toEqual(day);
    const other = generateDay({ tenant: 'demo', seed: 43, date: '2026-11-25', timezone: TZ });
    expect(other.map((e) => e.ts)).not.toEqual(day.map((e) => e.ts));
  });

  it('gives every offered call exactly one outcome, with waitMs and talkMs equal to the ts differences', () => {
    const offered = new Map(ofType(day, 'call.offered').map((e) => [e.callId, ms(e)]));
    const answeredAt = new Map<string, number>();
    const outcomes = new Map<string, number>();
    for (const e of day) {
      if (e.type === 'call.answered' || e.type === 'call.abandoned' || e.type === 'call.exited') {
        expect(ms(e) - (offered.get(e.callId) as number)).toBe(e.waitMs);
        outcomes.set(e.callId, (outcomes.get(e.callId) ?? 0) + 1);
        if (e.type === 'call.answered') answeredAt.set(e.callId, ms(e));
      }
      if (e.type === 'call.ended') expect(ms(e) - (answeredAt.get(e.callId) as number)).toBe(e.talkMs);
    }
    expect([...offered.keys()].filter((id) => outcomes.get(id) !== 1)).toEqual([]);
    expect(ofType(day, 'call.ended').length).toBe(answeredAt.size);
  });

  it('answers a call only by a ready agent of that queue, never two calls at once, then wrap-up and ready', () => {
    const state = new Map<string, { state: string; queues: string[]; call: string | null }>();
    const problems: string[] = [];
    for (let i = 0; i < day.length; i++) {
      const e = day[i];
      if (e.type === 'agent.state') {
        const a = state.get(e.agent);
        if (a?.call && e.state !== 'busy') problems.push(`${e.agent} changed to ${e.state} during call ${a.call}`);
        state.set(e.agent, { state: e.state, queues: e.queues ?? a?.queues ?? [], call: e.state === 'busy' ? 'callback' : null });
      } else if (e.type === 'call.answered') {
        const a = state.get(e.agent);
        if (!a || a.state !== 'ready' || a.call || !a.queues.includes(e.queue)) problems.push(`${e.agent} answered ${e.callId} while ${JSON.stringify(a)}`);
        else a.call = e.callId;
      } else if (e.type === 'call.ended') {
        const a = state.get(e.agent);
        if (a?.call !== e.callId) problems.push(`${e.agent} ended ${e.callId} not on it`);
        else a.call = null;
        const next = day.slice(i + 1).find((n) => n.type === 'agent.state' && n.agent === e.agent);
        if (next?.ts !== e.ts || (next as InputOf<'agent.state'>).state !== 'wrap_up') problems.push(`no wrap-up after ${e.callId}`);
      } else if (e.type === 'call.outbound') {
        const a = state.get(e.agent);
        if (a?.state !== 'busy') problems.push(`${e.agent} called out while ${a?.state}`);
        else a.call = null;
      }
    }
    expect(problems).toEqual([]);
    // Every wrap-up ends: the agent's next state is ready, paused or logged out.
    const last = new Map<string, string>();
    const afterWrap = new Set<string>();
    for (const e of ofType(day, 'agent.state')) {
      if (last.get(e.agent) === 'wrap_up') afterWrap.add(e.state);
      last.set(e.agent, e.state);
    }
    expect([...afterWrap].sort()).toEqual(['logged_out', 'paused', 'ready']);
  });

  it('has the variety of a real day', () => {
    const abandoned = ofType(day, 'call.abandoned');
    const exited = ofType(day, 'call.exited');
    const offered = ofType(day, 'call.offered');
    const pauses = ofType(day, 'agent.state').filter((e) => e.state === 'paused');
    const missed = new Map([...abandoned, ...exited].map((e) => [e.callId, ms(e)]));
    const callerOf = new Map(offered.map((e) => [e.callId, e.caller]));
    const missedCallers = new Map<string, number>();
    for (const [id, at] of missed) missedCallers.set(callerOf.get(id) as string, Math.min(at, missedCallers.get(callerOf.get(id) as string) ?? Infinity));
    const repeats = offered.filter((e) => (missedCallers.get(e.caller) ?? Infinity) < ms(e));
    const table: [string, number][] = [
      ['abandons', abandoned.length],
      ['short abandons (< 5 s)', abandoned.filter((e) => (e.waitMs as number) < 5000).length],
      ['long abandons', abandoned.filter((e) => (e.waitMs as number) >= 30_000).length],
      ['exits by timeout', exited.filter((e) => e.reason === 'timeout').length],
      ['exits by key', exited.filter((e) => e.reason === 'key').length],
      ['exits on an empty queue', exited.filter((e) => e.reason === 'empty').length],
      ['voice contacts', offered.filter((e) => e.channel === 'voice').length],
      ['chat contacts', offered.filter((e) => e.channel === 'chat').length],
      ['campaign calls', offered.filter((e) => e.campaign).length],
      ['repeat callers after a miss', repeats.length],
      ['lunch pauses', pauses.filter((e) => e.reason === 'lunch').length],
      ['breaks', pauses.filter((e) => e.reason === 'break').length],
      ['transfers', ofType(day, 'call.transferred').length],
      ['outbound callbacks', ofType(day, 'call.outbound').length],
      ['log-ins', ofType(day, 'agent.state').filter((e) => e.state === 'ready' && e.queues).length],
      ['log-outs', ofType(day, 'agent.state').filter((e) => e.state === 'logged_out').length],
    ];
    for (const [what, n] of table) expect(n, what).toBeGreaterThan(0);
    expect(new Set(offered.map((e) => e.queue))).toEqual(new Set(['sales', 'support', 'billing', 'vip', 'chat']));
  });

  it('uses plausible caller identities: E.164 numbers of the seed markets, chat handles on chat', () => {
    for (const e of ofType(day, 'call.offered')) {
      if (e.channel === 'chat') expect(e.caller).toMatch(/^chat-[0-9a-z]{8}$/);
      else expect(e.caller).toMatch(/^\+(39\d{9,10}|48\d{9}|40\d{9})$/);
    }
  });

  it.each([
    ['Europe/Rome', '+39'],
    ['Europe/Warsaw', '+48'],
    ['Europe/Bucharest', '+40'],
  ])('in %s most callers have %s numbers', (timezone, prefix) => {
    const voice = ofType(generateDay({ tenant: 'demo', seed: 1, date: '2026-11-25', timezone }), 'call.offered').filter((e) => e.channel === 'voice');
    expect(voice.filter((e) => e.caller.startsWith(prefix)).length / voice.length).toBeGreaterThan(0.7);
  });

  it('follows the local daily curve: busier at 10:00 than at 03:00, and shifts in the tenant timezone', () => {
    const hour = (e: CallEventInput) => DateTime.fromMillis(ms(e), { zone: TZ }).hour;
    const offered = ofType(day, 'call.offered');
    const at10 = offered.filter((e) => hour(e) === 10).length;
    const at03 = offered.filter((e) => hour(e) === 3).length;
    expect(at10).toBeGreaterThan(80);
    expect(at10).toBeGreaterThan(10 * at03);
    const logins = ofType(day, 'agent.state').filter((e) => e.state === 'ready' && e.agent === 'anna.rossi');
    expect(hour(logins[0])).toBeGreaterThanOrEqual(7);
    expect(hour(logins[0])).toBeLessThanOrEqual(8);
  });

  it('windows a day with fromMs/toMs: on-shift agents log in at the start, no call starts after the end', () => {
    const from = Date.parse('2026-11-25T10:00:00+01:00');
    const to = Date.parse('2026-11-25T11:00:00+01:00');
    const hour = generateDay({ tenant: 'demo', seed: 42, date: '2026-11-25', timezone: TZ, fromMs: from, toMs: to });
    expect(hour.every((e) => ms(e) >= from)).toBe(true);
    expect(ofType(hour, 'call.offered').every((e) => ms(e) < to)).toBe(true);
    expect(ofType(hour, 'agent.state').filter((e) => ms(e) === from && e.state === 'ready').length).toBeGreaterThan(10);
  });

  it('handles a DST day (23 hours) in the tenant timezone', () => {
    const dst = generateDay({ tenant: 'demo', seed: 5, date: '2026-03-30', timezone: TZ });
    expect(dst.every((e) => validateEvent(e).ok)).toBe(true);
    expect(ms(dst[0])).toBeGreaterThanOrEqual(Date.parse('2026-03-29T22:00:00Z'));
  });
});

describe('simulator - generateEvents', () => {
  it('streams exactly count events across days, sorted (its speed is measured by bench:ingest, not here)', () => {
    let n = 0;
    let last = 0;
    let sorted = true;
    for (const e of generateEvents({ tenant: 'bench', seed: 3, date: '2026-01-05', count: 200_000 })) {
      const t = ms(e);
      if (t < last) sorted = false;
      last = t;
      n++;
    }
    expect(n).toBe(200_000);
    expect(sorted).toBe(true);
    expect(last).toBeGreaterThan(Date.parse('2026-01-20')); // several weeks of traffic
  });
});

describe('simulator - createSimulator', () => {
  it('publishes due events on each tick at the chosen speed, and retries a failed publish', async () => {
    const startAt = Date.parse('2026-11-25T09:30:00+01:00');
    const got: CallEventInput[] = [];
    let failures = 0;
    const errors: unknown[] = [];
    const sim = createSimulator({
      tenant: 'demo', seed: 9, timezone: TZ, speed: 3600, startAt, tickMs: 50,
      publish: async (events) => {
        if (failures++ === 1) throw new Error('bus down');
        got.push(...events);
      },
      onError: (err) => errors.push(err),
    });
    const realStart = Date.now();
    sim.start();
    await new Promise((r) => setTimeout(r, 600));
    await sim.stop();
    const simulatedEnd = startAt + (Date.now() - realStart) * 3600;
    expect(errors).toHaveLength(1);
    expect(got.length).toBeGreaterThan(100);
    expect(new Set(got.map((e) => e.id)).size).toBe(got.length);
    for (let i = 1; i < got.length; i++) expect(ms(got[i])).toBeGreaterThanOrEqual(ms(got[i - 1]));
    expect(ms(got[0])).toBe(startAt); // agents on shift log in at the start
    expect(ms(got[got.length - 1])).toBeLessThanOrEqual(simulatedEnd);
    // It is the same traffic as the pure generator over the same window.
    const pure = generateDay({ tenant: 'demo', seed: 9, date: '2026-11-25', timezone: TZ, fromMs: startAt });
    expect(got).toEqual(pure.slice(0, got.length));
  });
});

describe('simulator - extra agents at scale > 1', () => {
  it.each([1, 2, 3, 10])('scale %i: every agent has a distinct name of the form first.last, no numbered clones', (scale) => {
    const cfg = { tenant: 'demo', seed: 1, timezone: TZ, queues: DEFAULT_QUEUES, agents: DEFAULT_AGENTS, scale, startMs: 0, stopMs: 1 };
    const agents = buildAgents(cfg, buildQueues(cfg));
    const names = agents.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]+\.[a-z]+$/);
    expect(names.length).toBe(Math.round(DEFAULT_AGENTS.length * scale));
  });
});
