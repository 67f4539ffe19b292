/**
 * Hostile input against a real engine (embedded bus + chdb): a generated corpus of events with
 * every field at its extremes, posted through the HTTP API and published straight onto the bus,
 * a post spanning 200 months, and future-clock events mixed into normal traffic, with a restart in
 * the middle. After each wave the engine is up and ready, a normal call shows live and in history
 * within seconds, every hostile event is a dead letter or stored within the ts bounds, and live
 * "today" is the wall-clock day.
 *
 * The corpus is drawn with fast-check from one seed (1 unless HOSTILE_SEED says otherwise; HOSTILE_SEED=random draws
 * one), printed on failure: replay a run with HOSTILE_SEED=<seed> npx vitest run test/hostile-input.test.ts
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayWindow, EVENT_TYPES, TS_CEILING_MS, TS_FLOOR_MS, validateEvent } from '@callboard/metrics';
import { Subjects } from '@callboard/nats';
import { businessHoursZone } from '../apps/ingest/src/start.ts';
import { bootEngine, type TestEngine } from './support/identity.ts';
import { traffic } from './support/traffic.ts';

// :NOTE: a fixed seed by default, so that `npm test` draws the same corpus on every run; HOSTILE_SEED=random draws a
// new one (HOSTILE_SEED=896954688 and 20261202 make the bus wave come one dead letter short: under investigation).
const SEED = process.env.HOSTILE_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.HOSTILE_SEED ?? 1);
const TOKEN = 'hostile-input-test-token-0123';
const TENANT = 'demo';
const auth = { authorization: `Bearer ${TOKEN}` };
const DAY = 86_400_000;
const SKEW_MS = 300_000;
const NOW = Date.now();
const TZ = businessHoursZone(NOW);
const iso = (ms: number) => new Date(ms).toISOString();
const enc = new TextEncoder();
const dec = new TextDecoder();

// ---- the corpus ----

const tsExtremes: unknown[] = [
  0, -1, -8.64e15, 8.64e15, 8_640_000_000_000_001, 300_000_000_000_000, TS_CEILING_MS, TS_CEILING_MS + 1, Date.UTC(2299, 11, 31),
  Date.UTC(2300, 0, 1), Date.UTC(2100, 0, 1), NOW + 2 * DAY, NOW + 6 * 60_000, NOW + 4 * 60_000, NOW + 100 * 365 * DAY,
  TS_FLOOR_MS - 1, TS_FLOOR_MS, Date.UTC(1970, 0, 1), Date.UTC(1900, 0, 1), NOW - 400 * DAY, NOW - 3 * DAY, 1.5, 1e300,
  iso(NOW + 2 * DAY), '2300-01-01T00:00:00Z', '+010000-01-01T00:00:00.000Z', '1999-12-31T23:59:59.999Z', '2026-13-45T99:00:00Z',
  'yesterday', '', null, true, [], {},
];
const durationExtremes: unknown[] = [0, -1, 1.5, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -(2 ** 53), 7 * DAY, 7 * DAY + 1, 1e308, '10', null];
const stringExtremes: unknown[] = [
  '', 'x'.repeat(10_000), 'x'.repeat(120), 'x'.repeat(121), '\u0000\u0001\u001f\t\n\r\\', '\\N', '\ud800', '\udfff\ud800', '😀'.repeat(60),
  '"\'<script>alert(1)</script>', 'Robert\'); DROP TABLE events;--', '{ts:1}', '*', '>', ' ', 'a.b', 0, null, [], ['sales'],
];
const typeExtremes: unknown[] = [...EVENT_TYPES, 'call.teleported', '', '__proto__', 'constructor', 'toString', 'CALL.OFFERED', null, 1];

const ts = fc.oneof(fc.constantFrom(...tsExtremes), fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), fc.double(), fc.integer({ min: NOW - 30 * DAY, max: NOW + DAY }));
const duration = fc.oneof(fc.constantFrom(...durationExtremes), fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), fc.double());
const text = fc.oneof(fc.constantFrom(...stringExtremes), fc.string({ unit: 'binary', maxLength: 40 }));
const FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  ts, waitMs: duration, talkMs: duration, type: fc.constantFrom(...typeExtremes), v: fc.constantFrom(0, 1, 2, '1', null),
  tenant: fc.constantFrom('demo', 'ghost', 'Demo', '', '*', 'a'.repeat(64)), id: text, callId: text, queue: text, agent: text,
  caller: text, target: text, number: text, reason: text, campaign: text, callbackId: text,
  channel: fc.constantFrom('voice', 'chat', 'fax', ''), state: fc.constantFrom('ready', 'busy', 'asleep', ''),
  queues: fc.oneof(fc.array(text, { maxLength: 3 }), fc.constant(Array(201).fill('q'))), extra: fc.oneof(text, ts),
};

/** A valid event of some type at a time today, with one to three fields replaced by extremes. */
const hostileEvent = (wave: string) => fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  at: fc.integer({ min: NOW - 20 * 60_000, max: NOW - 60_000 }),
  overrides: fc.array(fc.constantFrom(...Object.keys(FIELDS)).chain((key) => FIELDS[key].map((value) => [key, value] as const)), { minLength: 1, maxLength: 3 }),
}).map(({ type, at, overrides }, ) => ({ base: validBase(type, at), overrides, wave }));

function validBase(type: string, at: number): Record<string, unknown> {
  const common = { v: 1, tenant: TENANT, ts: at, type };
  const call = { callId: 'hc1', queue: 'hostile' };
  const bodies: Record<string, Record<string, unknown>> = {
    'call.offered': { ...call, caller: '+39021', channel: 'voice' },
    'call.answered': { ...call, agent: 'ha1', waitMs: 1000 },
    'call.abandoned': { ...call, waitMs: 1000 },
    'call.exited': { ...call, reason: 'timeout' },
    'call.transferred': { ...call, agent: 'ha1', target: '201' },
    'call.ended': { ...call, agent: 'ha1', by: 'caller', talkMs: 1000 },
    'call.outbound': { callId: 'ho1', agent: 'ha1', number: '123', outcome: 'busy' },
    'agent.state': { agent: 'ha1', state: 'paused', reason: 'lunch' },
  };
  return { ...common, ...bodies[type] };
}

/** The corpus of a wave: each event gets a unique id unless an override gave it another; some are re-sent with the same id and a different body. */
function corpus(wave: string, n: number, seed: number): Record<string, unknown>[] {
  const drawn = fc.sample(hostileEvent(wave), { seed, numRuns: n });
  const events = drawn.map(({ base, overrides }, i) => {
    const e: Record<string, unknown> = { ...base, id: `${wave}-${i}` };
    for (const [key, value] of overrides) e[key] = value;
    return e;
  });
  // Duplicate ids with different bodies.
  for (let i = 0; i < n / 10; i++) events.push({ ...events[(i * 7) % events.length], id: events[(i * 7) % events.length].id, callId: `dup-${i}`, ts: NOW - 1000 * i });
  return events;
}

/**
 * :NOTE: rows older than the tenant's retention are dropped by ClickHouse's TTL soon after they are
 * stored: only events of the last 3650 days (the longest retention) can be looked for afterwards.
 */
const withinRetention = (ts: number) => ts > Date.now() - 3640 * DAY;

// ---- the engine ----

describe('hostile input', () => {
  let e: TestEngine;
  let dir: string;
  const env = { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_TIMEZONE: TZ, CALLBOARD_BATCH_SIZE: '500', CALLBOARD_MAX_CLOCK_SKEW_SECONDS: String(SKEW_MS / 1000) };
  beforeAll(async () => {
    e = await bootEngine('hostile', env);
    dir = e.dir;
    // The longest retention: more of the far past stays findable (see withinRetention).
    const tenants = e.running.services.tenants;
    await tenants.updateSettings(TENANT, { ...tenants.get(TENANT)!.settings, retentionDays: 3650 });
  });
  afterAll(async () => { await e?.stop(); });

  const req = (method: 'GET' | 'POST', url: string, payload?: string, type = 'application/json') =>
    e.running.app.inject({ method, url, headers: { ...auth, ...(payload === undefined ? {} : { 'content-type': type }) }, payload });
  const post = (events: unknown[]) => req('POST', '/api/v1/events', JSON.stringify(events));
  const rows = async <T>(query: string, query_params: Record<string, unknown> = {}) =>
    (await e.running.services.ch.query({ query, query_params, format: 'JSONEachRow' })).json<T>();
  const deadCount = async () => Number((await rows<{ n: string }>('SELECT count() AS n FROM dead_letters'))[0].n);
  const storedIds = async (ids: string[]) => new Set((await rows<{ id: string }>(
    `SELECT DISTINCT id FROM events WHERE tenant = {t:String} AND id IN {ids:Array(String)}`, { t: TENANT, ids })).map((r) => r.id));
  const until = async (what: string, check: () => Promise<boolean>, ms = 40_000) => {  // a wait, not a speed claim: a loaded CI machine is slow
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** Runs a check; a failure names the seed that replays it. */
  const seeded = (fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (err) {
      (err as Error).message += `\n  replay: HOSTILE_SEED=${SEED} npx vitest run test/hostile-input.test.ts`;
      throw err;
    }
  };

  /** What must hold after every wave. */
  async function engineIsWell(wave: string): Promise<void> {
    expect((await req('GET', '/healthz')).statusCode).toBe(200);
    const ready = await req('GET', '/readyz');
    expect(ready.json(), `readyz after ${wave}`).toEqual({ status: 'ready' });
    // A normal call posted now shows live and, once finished, in history.
    const q = `probe-${wave}`;
    const t = Date.now();
    const res = await post([
      { v: 1, id: `${q}-o`, ts: iso(t - 30_000), type: 'call.offered', callId: q, queue: q, caller: '+39021', channel: 'voice' },
      { v: 1, id: `${q}-a`, ts: iso(t - 1000), type: 'call.abandoned', callId: q, queue: q, waitMs: 29_000 },
    ]);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const live = async () => (await req('GET', '/api/v1/live')).json();
    await until(`probe call of ${wave} live`, async () => (await live()).queues.some((x: { queue: string; metrics: { offered: number } }) => x.queue === q && x.metrics.offered === 1), 5000);
    const history = `/api/v1/metrics?from=${iso(t - 3600_000)}&to=${iso(t + 3600_000)}&groupBy=queue&metrics=offered,abandoned`;
    await until(`probe call of ${wave} in history`, async () => {
      const r = (await req('GET', history)).json() as { rows?: { key: { queue: string }; metrics: Record<string, number> }[] };
      return (r.rows ?? []).some((x) => x.key.queue === q && x.metrics.offered === 1 && x.metrics.abandoned === 1);
    }, 10_000);
    // Live "today" is the wall-clock day in the tenant's timezone.
    expect((await live()).day, `live day after ${wave}`).toBe(dayWindow(Date.now(), TZ).day);
    // Nothing stored outside the ts window.
    const [out] = await rows<{ n: string }>(
      `SELECT count() AS n FROM events WHERE ts < {floor:DateTime64(3)} OR ts > now64(3) + INTERVAL ${SKEW_MS / 1000 + 60} SECOND`,
      { floor: '2000-01-01 00:00:00.000' });
    expect(Number(out.n), `events stored outside the ts window after ${wave}`).toBe(0);
  }

  /** Every accepted event is stored (or a duplicate of one that is); every rejected one is a dead letter. */
  async function accountedFor(events: unknown[], res: { accepted: number; duplicates: number; rejected: { index: number; reason: string }[] }, deadBefore: number) {
    expect(res.accepted + res.duplicates + res.rejected.length).toBe(events.length);
    const rejected = new Set(res.rejected.map((r) => r.index));
    const ids = [...new Set(events.flatMap((ev, i) => {
      if (rejected.has(i)) return [];
      const v = validateEvent(ev);
      return v.ok && withinRetention(v.event.ts) ? [v.event.id] : [];
    }))];
    await until('accepted events stored', async () => (await storedIds(ids)).size === ids.length);
    await until('rejected events dead-lettered', async () => (await deadCount()) - deadBefore >= res.rejected.length);
    for (const r of res.rejected) expect(r.reason, JSON.stringify(events[r.index]).slice(0, 300)).toMatch(/\S/);
  }

  it('HTTP: a generated corpus of extremes is rejected line by line or stored; nothing else happens', seeded(async () => {
    const events = corpus('http', 250, SEED);
    const deadBefore = await deadCount();
    const res = await post(events);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // The API applies the same contract as the engine: what it accepts passes validateEvent with the engine's clock.
    for (const [i, ev] of events.entries()) {
      const expected = validateEvent(ev, { now: Date.now(), maxSkewMs: SKEW_MS });
      const isRejected = body.rejected.some((r: { index: number }) => r.index === i);
      expect(isRejected, `event ${i}: ${JSON.stringify(ev).slice(0, 300)}`).toBe(!expected.ok || (expected.ok && expected.event.tenant !== TENANT));
    }
    for (const r of body.rejected as { index: number; reason: string }[]) {
      const ts = (events[r.index] as { ts: unknown }).ts;
      if (!(EVENT_TYPES as readonly unknown[]).includes((events[r.index] as { type: unknown }).type)) continue; // rejected for its type alone
      if (typeof ts === 'number' && Number.isSafeInteger(ts) && (ts < TS_FLOOR_MS || ts > TS_CEILING_MS)) expect(r.reason).toMatch(/(^|; )ts: .*(floor|ceiling)/);
      else if (typeof ts === 'number' && !Number.isSafeInteger(ts)) expect(r.reason).toMatch(/(^|; )ts: /);
    }
    await accountedFor(events, body, deadBefore);
    await engineIsWell('http');
  }));

  it('HTTP: a body nested 100,000 levels deep is a 400 with a message and a dead letter; an NDJSON line so deep is rejected alone', seeded(async () => {
    const deadBefore = await deadCount();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const res = await req('POST', '/api/v1/events', deep);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/nested more than 32 levels deep/);
    const broken = await req('POST', '/api/v1/events', '{"v":1,');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.message).toMatch(/invalid JSON/);
    const ok = { v: 1, id: 'deep-ok', ts: iso(Date.now() - 5000), type: 'agent.state', agent: 'deep', state: 'ready' };
    const nd = await req('POST', '/api/v1/events', [JSON.stringify(ok), `{"v":1,"x":${deep}}`].join('\n'), 'application/x-ndjson');
    expect(nd.statusCode).toBe(200);
    expect(nd.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1, reason: expect.stringMatching(/nested more than 32/) }] });
    await until('both dead letters stored', async () => (await deadCount()) - deadBefore === 2);
    const [dead] = await rows<{ reason: string; payload: string }>(`SELECT reason, payload FROM dead_letters WHERE reason LIKE 'JSON nested%' ORDER BY received_at LIMIT 1`);
    expect(dead.payload.startsWith('[[[[')).toBe(true);
    await engineIsWell('deep');
  }));

  it('bus: the same extremes, invalid UTF-8, bad JSON and deep nesting published straight onto the stream are dead letters or stored', seeded(async () => {
    const bus = e.running.services.bus;
    const events = corpus('bus', 200, SEED + 1);
    const messages: { subject: string; data: Uint8Array }[] = events.map((ev) => {
      const type = typeof ev.type === 'string' && (EVENT_TYPES as readonly string[]).includes(ev.type) ? ev.type : 'unknown';
      return { subject: Subjects.events(TENANT, type), data: enc.encode(JSON.stringify(ev)) };
    });
    // Bytes no HTTP client would send: invalid UTF-8 inside and outside strings, truncated JSON, deep nesting, another tenant's subject.
    const invalid = fc.sample(fc.record({ i: fc.nat(events.length - 1), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => b.map((x) => 0x80 | x)) }), { seed: SEED + 2, numRuns: 30 });
    for (const { i, bytes } of invalid) {
      const json = enc.encode(JSON.stringify({ ...events[i], id: `bus-utf8-${messages.length}` }));
      const at = json.indexOf(0x22 /* " */, 10) + 1;
      messages.push({ subject: Subjects.events(TENANT, 'agent.state'), data: new Uint8Array([...json.slice(0, at), ...bytes, ...json.slice(at)]) });
    }
    messages.push({ subject: Subjects.events(TENANT, 'agent.state'), data: new Uint8Array([0xff, 0xfe, 0x7b, 0x00]) });
    messages.push({ subject: Subjects.events(TENANT, 'agent.state'), data: enc.encode('{"v":1,"id":"bus-trunc"') });
    messages.push({ subject: Subjects.events(TENANT, 'agent.state'), data: enc.encode(`{"v":1,"id":"bus-deep","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) });
    messages.push({
      subject: Subjects.events(TENANT, 'agent.state'),
      data: enc.encode(JSON.stringify({ ...validBase('agent.state', Date.now() - 1000), id: 'bus-deep-extra', extra: JSON.parse(`${'['.repeat(1000)}${']'.repeat(1000)}`) })),
    });
    messages.push({ subject: Subjects.events('ghost', 'agent.state'), data: enc.encode(JSON.stringify({ ...validBase('agent.state', Date.now()), tenant: 'ghost', id: 'bus-ghost' })) });
    messages.push({ subject: Subjects.events(TENANT, 'agent.state'), data: enc.encode(JSON.stringify({ v: 1, id: 'fut-max', tenant: TENANT, ts: 8640000000000000, type: 'agent.state', agent: 'zz2', state: 'logged_out' })) });

    // What the contract says of each message, with the engine's decoding and clock.
    let expectDead = 0;
    const expectStored = new Set<string>();
    for (const m of messages) {
      let v: ReturnType<typeof validateEvent>;
      try {
        v = validateEvent(JSON.parse(dec.decode(m.data)), { now: Date.now(), maxSkewMs: SKEW_MS });
      } catch {
        v = { ok: false, reason: 'invalid JSON' };
      }
      // Another tenant's subject, or one not configured here (ghost): dead letters too.
      if (!v.ok || v.event.tenant !== Subjects.tenantOf(m.subject) || v.event.tenant !== TENANT) expectDead++;
      else if (withinRetention(v.event.ts)) expectStored.add(v.event.id);
    }
    const deadBefore = await deadCount();
    let n = 0;
    for (const m of messages) await bus.publish(m.subject, m.data, { msgId: `hostile-bus-${n++}` });
    await until('bus messages dead-lettered', async () => (await deadCount()) - deadBefore >= expectDead);
    await until('valid bus messages stored', async () => (await storedIds([...expectStored])).size === expectStored.size).catch(async (err) => {
      const stored = await storedIds([...expectStored]);
      throw new Error(`${(err as Error).message}; missing: ${JSON.stringify([...expectStored].filter((id) => !stored.has(id))).slice(0, 1000)}`);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await deadCount()) - deadBefore).toBe(expectDead);
    expect(expectDead).toBeGreaterThan(messages.length / 3); // the corpus is hostile, not mostly valid
    const [fut] = await rows<{ reason: string }>(`SELECT reason FROM dead_letters WHERE payload LIKE '%"fut-max"%'`);
    expect(fut.reason).toMatch(/^ts: \+275760-09-13T00:00:00.000Z is after the ceiling 2299-12-31T23:59:59.999Z/);
    await engineIsWell('bus');
  }));

  it('an exception while the engine handles one event makes that event a dead letter; the rest of the batch goes on', seeded(async () => {
    const engine = e.running.services.engine;
    // The engine's own per-event hook (benchmarks use it) stands in for a bug met by one event.
    engine.onApplied = (ev) => { if (ev.id === 'boom') throw new RangeError('boom while applying'); };
    try {
      const t = Date.now() - 10_000;
      const batch = ['before', 'boom', 'after'].map((id, i) => ({ v: 1, id, ts: iso(t + i), type: 'agent.state', agent: `iso-${id}`, state: 'ready' }));
      const deadBefore = await deadCount();
      expect((await post(batch)).json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
      await until('before and after stored', async () => (await storedIds(['before', 'after'])).size === 2);
      await until('boom dead-lettered', async () => (await deadCount()) > deadBefore);
      const [dead] = await rows<{ reason: string; payload: string }>(`SELECT reason, payload FROM dead_letters WHERE reason LIKE 'engine error%'`);
      expect(dead.reason).toBe('engine error: boom while applying');
      expect(JSON.parse(dead.payload)).toMatchObject({ id: 'boom' });
    } finally {
      engine.onApplied = null;
    }
    await engineIsWell('isolation');
  }));

  it('HTTP: 200 valid events one month apart (2010–2026) in one post are all stored (split by partition), nothing dead-lettered', seeded(async () => {
    const events = Array.from({ length: 200 }, (_, i) =>
      ({ v: 1, id: `month-${i}`, ts: Date.UTC(2010, 3 + i, 15, 12), type: 'agent.state', agent: `m${i % 7}`, state: i % 2 ? 'ready' : 'logged_out' }));
    const kept = events.filter((x) => withinRetention(x.ts));
    expect(kept.length).toBeGreaterThan(110); // still more than ClickHouse's 100 partitions per insert
    const deadBefore = await deadCount();
    const res = await post(events);
    expect(res.json()).toEqual({ accepted: 200, duplicates: 0, rejected: [] });
    // :NOTE: slow by nature: one part per month, ~7 s for 300 on the embedded ClickHouse of a busy 2-core machine.
    await until(`${kept.length} months within retention stored`, async () => (await storedIds(kept.map((x) => x.id))).size === kept.length, 45_000);
    await until('the batch acked', async () => (await e.running.services.engine.lag()) === 0);
    expect(await deadCount()).toBe(deadBefore);
    await engineIsWell('months');
  }));

  it('restarts on the same data with the hostile history, and is well', seeded(async () => {
    await e.stop();
    e = await bootEngine('hostile', env, dir);
    await engineIsWell('restart');
  }));

  it('future-clock events mixed into normal traffic are dead letters; the normal calls count and today stays today', seeded(async () => {
    const normal = traffic({ tenant: TENANT, calls: 60, fromMs: Date.now() - 40 * 60_000, toMs: Date.now() - 60_000, seed: SEED % 1000 });
    const future = fc.sample(fc.record({
      at: fc.nat(normal.length - 1),
      ahead: fc.oneof(fc.integer({ min: SKEW_MS + 60_000, max: 3 * DAY }), fc.constantFrom(2 * DAY, 365 * DAY, Date.UTC(2100, 0, 1) - Date.now())),
    }), { seed: SEED + 3, numRuns: 40 }).map(({ at, ahead }, i) => ({ ...normal[at], id: `future-${i}`, ts: Date.now() + ahead }));
    const mixed = [...normal];
    future.forEach((f, i) => mixed.splice((i * 37) % mixed.length, 0, f));
    const liveBefore = (await req('GET', '/api/v1/live')).json().total.metrics.offered as number;
    const deadBefore = await deadCount();
    const res = await post(mixed);
    const body = res.json();
    expect(body.rejected).toHaveLength(future.length);
    for (const r of body.rejected) expect(r.reason).toMatch(/^ts: .* is more than 300 s ahead of the engine clock/);
    // The same on the bus, past the API.
    for (const [i, f] of future.slice(0, 10).entries()) {
      await e.running.services.bus.publish(Subjects.events(TENANT, f.type), enc.encode(JSON.stringify({ ...f, id: `future-bus-${i}` })), { msgId: `future-bus-${i}` });
    }
    await until('future events dead-lettered', async () => (await deadCount()) - deadBefore === future.length + 10);
    const offered = normal.filter((x) => x.type === 'call.offered').length;
    await until('normal calls live', async () => (await req('GET', '/api/v1/live')).json().total.metrics.offered === liveBefore + offered);
    await engineIsWell('future');
  }));
});
