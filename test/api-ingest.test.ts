/**
 * The ingest API on a real engine (embedded bus + chdb): events in by JSON and NDJSON, counts and
 * reasons back, live snapshot and ClickHouse report agree, bad input reaches the dead letters,
 * query errors are 400s that name the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessHoursZone } from '../apps/ingest/src/start.ts';
import { bootEngine, type TestEngine } from './support/identity.ts';

const TOKEN = 'api-ingest-test-token-0123';
const auth = { authorization: `Bearer ${TOKEN}` };
const T0 = Date.now() - 30 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('ingest API', () => {
  let e: TestEngine;
  // A timezone where it is late morning now: T0 (30 min ago) and the test fall on one local day, whatever time it runs.
  beforeAll(async () => { e = await bootEngine('api-ingest', { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_TIMEZONE: businessHoursZone(Date.now()) }); });
  afterAll(async () => { await e?.stop(); });

  const post = (payload: string, type = 'application/json') =>
    e.running.app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...auth, 'content-type': type }, payload });
  const live = async () => (await e.running.app.inject({ method: 'GET', url: '/api/v1/live', headers: auth })).json();
  const until = async (check: () => Promise<boolean>, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('accepts a JSON array, answers counts, and shows the calls live within a second', async () => {
    const events = [
      { v: 1, id: 'a1', ts: iso(T0), type: 'call.offered', callId: 'x1', queue: 'sales', caller: '+39021', channel: 'voice' },
      { v: 1, id: 'a2', ts: iso(T0 + 12_000), type: 'call.answered', callId: 'x1', queue: 'sales', agent: 'anna', waitMs: 12_000 },
      { v: 1, id: 'a3', ts: iso(T0 + 1000), type: 'call.offered', callId: 'x2', queue: 'sales', caller: '+39022', channel: 'voice' },
      { v: 1, id: 'a4', ts: iso(T0 + 31_000), type: 'call.abandoned', callId: 'x2', queue: 'sales', waitMs: 30_000 },
    ];
    const started = Date.now();
    const res = await post(JSON.stringify(events));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    await until(async () => (await live()).total.metrics.offered === 2);
    expect(Date.now() - started).toBeLessThan(1000);
    const sales = (await live()).queues.find((q: { queue: string }) => q.queue === 'sales');
    expect(sales.metrics).toMatchObject({ answered: 1, abandoned: 1, service_level: 50 });
  });

  it('cuts each agent\'s metrics to those asked for (agentMetrics), leaving queues and the total whole', async () => {
    const get = async (qs: string) => (await e.running.app.inject({ method: 'GET', url: `/api/v1/live${qs}`, headers: auth })).json();
    const whole = await get('');
    const anna = (s: { agents: { agent: string; state: string; queues: string[]; metrics: Record<string, number | null> }[] }) => s.agents.find((a) => a.agent === 'anna')!;
    expect(Object.keys(anna(whole).metrics).length).toBeGreaterThan(5);
    const two = await get('?agentMetrics=answered,%20aht,no_such_metric');
    expect(anna(two).metrics).toEqual({ answered: anna(whole).metrics.answered, aht: anna(whole).metrics.aht });
    expect(anna(two)).toMatchObject({ state: anna(whole).state, queues: anna(whole).queues });
    expect(two.total).toEqual(whole.total);
    expect(two.queues).toEqual(whole.queues);
    expect(anna(await get('?agentMetrics=')).metrics).toEqual({});
  });

  it('accepts NDJSON and rejects each bad line with its reason, into the dead letters', async () => {
    const lines = [
      JSON.stringify({ v: 1, id: 'b1', ts: iso(T0 + 60_000), type: 'call.offered', callId: 'x3', queue: 'vip', caller: '+39023' }),
      '{"v":1,"id":"b2",',
      JSON.stringify({ v: 1, id: 'b3', ts: iso(T0), type: 'call.exited', callId: 'x3', queue: 'vip', reason: 'bored' }),
      JSON.stringify({ v: 1, id: 'b4', tenant: 'other', ts: iso(T0), type: 'call.abandoned', callId: 'x4', queue: 'vip' }),
      JSON.stringify({ v: 1, id: 'b5', ts: iso(T0 + 70_000), type: 'call.exited', callId: 'x3', queue: 'vip', reason: 'timeout' }),
    ].join('\n');
    const res = await post(lines, 'application/x-ndjson');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3]);
    expect(body.rejected[0].reason).toMatch(/invalid JSON/);
    expect(body.rejected[1].reason).toMatch(/reason/);
    expect(body.rejected[2].reason).toMatch(/tenant other is not yours/);
    const dead = (await e.running.app.inject({ method: 'GET', url: '/api/v1/dead-letters', headers: auth })).json();
    expect(dead.deadLetters.map((d: { reason: string }) => d.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/invalid JSON/), expect.stringMatching(/tenant other/)]));
  });

  it('counts a re-sent event once', async () => {
    const ev = { v: 1, id: 'a4', ts: iso(T0 + 31_000), type: 'call.abandoned', callId: 'x2', queue: 'sales', waitMs: 30_000 };
    const res = await post(JSON.stringify([ev]));
    expect(res.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await live()).total.metrics.abandoned).toBe(1);
  });

  it('reports the same numbers from ClickHouse once the calls are finished', async () => {
    await post(JSON.stringify([{ v: 1, id: 'a5', ts: iso(T0 + 100_000), type: 'call.ended', callId: 'x1', queue: 'sales', agent: 'anna', by: 'caller', talkMs: 88_000 }]));
    const q = `/api/v1/metrics?from=${iso(T0 - 60_000)}&to=${iso(Date.now() + 60_000)}&groupBy=queue&metrics=offered,answered,abandoned,exited,service_level,asa`;
    let rows: { key: { queue: string }; metrics: Record<string, number> }[] = [];
    await until(async () => {
      rows = (await e.running.app.inject({ method: 'GET', url: q, headers: auth })).json().rows;
      return rows.reduce((s, r) => s + r.metrics.offered, 0) === 3;
    }, 20_000); // a call is stored after its wrap-up grace (3 s) and late-event grace (5 s)
    const liveQueues = (await live()).queues;
    for (const row of rows) {
      const lq = liveQueues.find((x: { queue: string }) => x.queue === row.key.queue);
      for (const [k, v] of Object.entries(row.metrics)) expect(lq.metrics[k], `${row.key.queue} ${k}`).toBe(v);
    }
  });

  it('rebuilds live state under new settings: a stricter SL threshold changes live and report alike', async () => {
    const tenant = (await e.running.app.inject({ method: 'GET', url: '/api/v1/tenant', headers: auth })).json();
    const settings = { ...tenant.settings, queues: { sales: { slThresholdMs: 10_000 } } };
    const put = await e.running.app.inject({ method: 'PUT', url: '/api/v1/tenant/settings', headers: auth, payload: settings });
    expect(put.statusCode).toBe(200);
    // sales: one call answered after 12 s (within 20 s, not within 10 s), one abandoned after 30 s.
    await until(async () => (await live()).queues.find((q: { queue: string }) => q.queue === 'sales').metrics.service_level === 0);
    const q = `/api/v1/metrics?from=${iso(T0 - 60_000)}&to=${iso(Date.now() + 60_000)}&groupBy=queue&queue=sales&metrics=service_level,answered_in_sl`;
    const [row] = (await e.running.app.inject({ method: 'GET', url: q, headers: auth })).json().rows;
    expect(row.metrics).toEqual({ service_level: 0, answered_in_sl: 0 });
    expect((await live()).queues.find((x: { queue: string }) => x.queue === 'sales').metrics.answered).toBe(1);
  });

  it.each([
    ['from=2026-13-01&to=2026-11-02', 400, /from/],
    ['from=2026-11-02&to=2026-11-01', 400, /to must be after from/],
    ['from=2026-11-01&to=2026-11-02&groupBy=week', 400, /unknown group "week"/],
    ['from=2026-11-01&to=2026-11-02&metrics=offered,bogus', 400, /unknown metric "bogus"/],
    ['to=2026-11-02', 400, /from/],
    ['from=2026-11-01&to=2026-11-02&groupBy=day&metrics=offered', 200, null],
  ])('GET /api/v1/metrics?%s → %i', async (qs, status, message) => {
    const res = await e.running.app.inject({ method: 'GET', url: `/api/v1/metrics?${qs}`, headers: auth });
    expect(res.statusCode).toBe(status);
    if (message) expect(res.json().error.message).toMatch(message);
  });

  it('refuses an empty body and a request without credentials', async () => {
    expect((await post('[]')).statusCode).toBe(400);
    expect((await e.running.app.inject({ method: 'POST', url: '/api/v1/events', payload: [] })).statusCode).toBe(401);
  });

  it('serves the catalogue, OpenAPI, health, readiness and Prometheus metrics', async () => {
    const cat = (await e.running.app.inject({ method: 'GET', url: '/api/v1/metrics/catalogue', headers: auth })).json();
    expect(cat.metrics.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['service_level', 'service_quality', 'occupancy']));
    const spec = (await e.running.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/events', '/api/v1/metrics', '/api/v1/live']));
    expect((await e.running.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await e.running.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const prom = (await e.running.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const name of ['callboard_events_ingested_total', 'callboard_consumer_lag', 'callboard_batch_size', 'callboard_batch_seconds', 'callboard_dead_letters_total', 'callboard_websocket_clients']) {
      expect(prom).toContain(name);
    }
  });
});
