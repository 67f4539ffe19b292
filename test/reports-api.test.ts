/**
 * The reports API on a running engine: today in a report agrees with the wallboard's live tiles (calls being talked
 * count as answered in both, their handling once finished), bad input is a 4xx with a sentence, the CSV is the
 * table, and a call's timeline closes the drill-down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { bootEngine, login, makeUser, type TestEngine } from './support/identity.ts';
import { eventually } from './support/wait.ts';
import { parseCsv } from './support/csv.ts';

let e: TestEngine;
let analyst: Record<string, string>;
const get = (url: string, headers = analyst) => e.running.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  e = await bootEngine('reports');
  const { user, password } = await makeUser(e, 'demo', 'ana', ['analyst']);
  analyst = { cookie: await login(e, { tenant: 'demo', login: user.login, password }) };
});
afterAll(async () => e?.stop());


describe('reports api', () => {
  it('reports - today agrees with the wallboard: calls being talked are answered in both', async () => {
    const ev = eventFactory('demo', 'today-');
    const now = Date.now();
    await e.running.services.publisher.publish('demo', [
      ev.offered(now - 120_000, 't1', 'sales'), ev.answered(now - 100_000, 't1', 'sales', 'anna', 20_000), // talking
      ev.offered(now - 110_000, 't2', 'sales'), ev.answered(now - 105_000, 't2', 'sales', 'bruno', 5_000), ev.ended(now - 50_000, 't2', 'sales', 'bruno', 55_000),
      ev.offered(now - 100_000, 't3', 'sales'), ev.abandoned(now - 70_000, 't3', 'sales', 30_000),
      ev.offered(now - 100_000, 't4', 'support'), ev.abandoned(now - 98_000, 't4', 'support', 2_000),
      ev.offered(now - 90_000, 't5', 'support'), ev.exited(now - 30_000, 't5', 'support', 'timeout', 60_000),
      ev.offered(now - 40_000, 't6', 'support'), ev.answered(now - 10_000, 't6', 'support', 'carla', 30_000), // talking
      ev.offered(now - 5_000, 't7', 'sales'), // still waiting: in neither
    ], 'test');
    const ids = ['offered', 'answered', 'abandoned', 'short_abandoned', 'exited', 'service_level', 'service_quality', 'asa', 'aht', 'max_wait'];
    const live = () => e.running.services.hub.snapshot('demo').total.metrics as Record<string, number | null>;
    await eventually('the live tiles to show the calls', () => live().offered === 6);
    // t2 is stored once its wrap-up grace and emit grace have passed; until then it is a live leg: either way the same figures.
    let last: unknown = null;
    const agreed = await eventually('the report of today to agree with the live tiles', async () => {
      const r = (await get('/api/v1/reports/queues')).json();
      const l = live();
      // counts exactly; ratios as the report shows them, to one decimal (ClickHouse and JS may round a final 5 apart)
      const same = ids.every((id) => (Number.isInteger(l[id]) ? r.totals[id] === l[id] : Math.abs(r.totals[id] - l[id]!) <= 0.05));
      last = { report: r.totals, live: l };
      return same && l.handled === 1 ? r : null;
    }, 30_000).catch((err) => { throw new Error(`${err.message}: ${JSON.stringify(last)}`); });
    expect(agreed.totals).toMatchObject({ offered: 6, answered: 3, abandoned: 2, short_abandoned: 1, exited: 1, aht: 55 });
    expect(agreed.rows).toHaveLength(1);
    expect(agreed.rows[0]).toMatchObject({ offered: 6, answered: 3 });
    expect(agreed.note).toMatch(/answered the moment it is answered/);
    // History alone (the metrics API) counts only finished calls: the report adds the two calls still being talked.
    await eventually('t2 to be stored', async () => (await get(`/api/v1/metrics?from=${agreed.from}&to=${agreed.to}&metrics=answered`)).json().rows[0]?.metrics.answered === 1);
    const again = (await get('/api/v1/reports/queues')).json();
    expect(again.totals.answered).toBe(3);
    // The calls list shows them as in progress, and the agents table counts them as answered, not yet handled.
    const calls = (await get('/api/v1/reports/calls')).json();
    expect(calls.rows.filter((r: { state: string }) => r.state === 'in progress').map((r: { call_id: string }) => r.call_id).sort()).toEqual(['t1', 't6']);
    const agents = (await get('/api/v1/reports/agents')).json();
    expect(agents.rows.find((r: { agent: string }) => r.agent === 'anna')).toMatchObject({ answered: 1, handled: 0 });
    expect(agents.rows[0]).toMatchObject({ rank: 1, agent: 'bruno', handled: 1 });
  });

  it('reports - the CSV route answers the table with its column labels', async () => {
    const json = (await get('/api/v1/reports/service?groupBy=hour')).json();
    const res = await get('/api/v1/reports/service.csv?groupBy=hour');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="service-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"/);
    const [head, ...rows] = parseCsv(res.body);
    expect(head).toEqual(json.columns.map((c: { label: string }) => c.label));
    expect(rows).toEqual(json.rows.map((r: Record<string, unknown>) => json.columns.map((c: { key: string }) => (r[c.key] === null ? '' : String(r[c.key])))));
    expect(rows.length).toBeGreaterThanOrEqual(23);
  });

  it('reports - a call\'s timeline lists its events in order', async () => {
    const res = await eventually('t2 events stored', async () => { const r = await get('/api/v1/reports/timeline/t2'); return r.statusCode === 200 ? r : null; });
    expect(res.json().events.map((x: { type: string }) => x.type)).toEqual(['call.offered', 'call.answered', 'call.ended']);
    expect(res.json().events[1]).toMatchObject({ queue: 'sales', agent: 'bruno' });
    expect((await get('/api/v1/reports/timeline/nope')).statusCode).toBe(404);
  });

  it.each([
    { url: '/api/v1/reports/nope', status: 404, code: 'NOT_FOUND', message: /no report "nope"/ },
    { url: '/api/v1/reports/queues?from=2026-13-01', status: 400, code: 'INVALID_DATE', message: /from/ },
    { url: '/api/v1/reports/queues?from=2026-11-05&to=2026-11-01', status: 400, code: 'INVALID_RANGE', message: /to must be after from/ },
    { url: '/api/v1/reports/queues?groupBy=week', status: 400, code: 'INVALID_GROUP', message: /week/ },
    { url: '/api/v1/reports/historic?groupBy=hour', status: 400, code: 'INVALID_GROUP', message: /historic report is by day/ },
    { url: '/api/v1/reports/queues?channel=fax', status: 400, code: 'INVALID_FILTER', message: /fax/ },
    { url: '/api/v1/reports/queues?compare=last-year', status: 400, code: 'VALIDATION_FAILED', message: /previous/ },
    { url: '/api/v1/reports/queues.csv?from=yesterday', status: 400, code: 'INVALID_DATE', message: /yesterday/ },
  ])('reports - $url → $status $code', async ({ url, status, code, message }) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(message);
  });

  it('reports - the list of reports gives each table\'s columns from the catalogue', async () => {
    const list = (await get('/api/v1/reports')).json();
    expect(list.reports.map((r: { id: string }) => r.id)).toEqual(['queues', 'agents', 'callers-heatmap', 'callers-repeat', 'service', 'historic', 'missed', 'calls']);
    const sl = list.reports[0].columns.find((c: { key: string }) => c.key === 'service_level');
    expect(sl).toMatchObject({ label: 'Service level', unit: 'percent', metric: 'service_level' });
  });
});
