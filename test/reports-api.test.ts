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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayWindow } from '@callboard/metrics';
import { resolveRange } from '../apps/ingest/src/exports/range.ts';
import type { ExportSource } from '../apps/ingest/src/exports/source.ts';

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

  it('reports - legs on their way to storage while reports run are counted once: never lost between live state and the table, never twice', async () => {
    // Storage made slow (a loaded ClickHouse): each fact insert waits 1.5 s before it is written.
    const repo = e.running.services.repo;
    const insert = repo.insertFactLines;
    let writes = 0;
    repo.insertFactLines = async (lines) => { writes++; await new Promise((r) => setTimeout(r, 1500)); return insert(lines); };
    try {
      const ev = eventFactory('demo', 'race-');
      const now = Date.now();
      await e.running.services.publisher.publish('demo', [1, 2, 3, 4, 5].flatMap((i) => [
        ev.offered(now - 60_000 - i * 1000, `race${i}`, 'race'), ev.abandoned(now - 40_000, `race${i}`, 'race', 20_000 + i * 1000),
      ]), 'test');
      const stored = async () => Number((await (await e.running.services.ch.query({
        query: "SELECT count() AS n FROM call_facts FINAL WHERE tenant = 'demo' AND queue = 'race'", format: 'JSONEachRow' })).json<{ n: string }>())[0].n);
      // Reports again and again while the five legs are emitted, drained and slowly written: every answer counts five.
      const answers: number[][] = [];
      await eventually('the five legs stored, reports read all along', async () => {
        const r = (await get('/api/v1/reports/queues?queue=race')).json();
        answers.push([r.totals.offered, r.rows.reduce((n: number, x: { offered: number }) => n + x.offered, 0)]);
        return writes > 0 && (await stored()) === 5;
      }, 45_000);
      expect(answers.length).toBeGreaterThan(2);
      expect(answers.every(([totals, rows]) => totals === 5 && rows === 5), JSON.stringify(answers)).toBe(true);
    } finally {
      repo.insertFactLines = insert;
    }
  }, 90_000);

  it('reports - a report export built while a call is talked and read once it is stored counts the call once', async () => {
    const ev = eventFactory('demo', 'export-');
    const now = Date.now();
    await e.running.services.publisher.publish('demo', [ev.offered(now - 30_000, 'x1', 'exportq'), ev.answered(now - 25_000, 'x1', 'exportq', 'anna', 5_000)], 'test');
    const live = () => e.running.services.hub.snapshot('demo').queues.find((q) => q.queue === 'exportq')?.metrics.answered;
    await eventually('the call to be answered live', () => live() === 1);
    const settings = e.running.services.tenants.get('demo')!.settings;
    const today = dayWindow(Date.now(), settings.timezone).day;
    // an export job's source is built when it is asked for, and read when its turn in the queue comes
    const source = e.running.services.exports.catalogue.build('report:queues', resolveRange('demo', today, today, settings, Date.now()), { queue: 'exportq' })!;
    expect(source.live).toBeTypeOf('function');
    await e.running.services.publisher.publish('demo', [ev.ended(Date.now(), 'x1', 'exportq', 'anna', 25_000)], 'test');
    const stored = async () => Number((await (await e.running.services.ch.query({
      query: "SELECT count() AS n FROM call_facts FINAL WHERE tenant = 'demo' AND queue = 'exportq'", format: 'JSONEachRow' })).json<{ n: string }>())[0].n);
    await eventually('the call to be stored', async () => (await stored()) === 1, 30_000);
    const answered = async (s: ExportSource) => (await (await e.running.services.ch.query({ query: s.query, query_params: s.query_params, format: 'JSONEachRow' }))
      .json<{ answered: number | string }>()).reduce((n, r) => n + Number(r.answered), 0);
    // read as it was built, the talked leg it carries is now stored as well: counted twice (what `live` is for)
    expect(await answered(source)).toBe(2);
    // read as an export job reads it: built again at one moment of live state
    expect(await source.live!(answered)).toBe(1);
    // and the background job writes that
    const file = join(e.dir, 'export-once.csv');
    await e.running.services.exports.render(source, 'csv', file);
    const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
    const col = header.indexOf('Answered');
    expect(col).toBeGreaterThan(0);
    expect(rows.reduce((n, r) => n + Number(r[col] || 0), 0)).toBe(1);
  }, 60_000);

  it('reports - an agent reads their own figures over a range, by login or by extension, and nobody else\'s', async () => {
    const ev = eventFactory('demo', 'mine-');
    const now = Date.now();
    await e.running.services.publisher.publish('demo', [
      ev.offered(now - 90_000, 'm1', 'mineq'), ev.answered(now - 85_000, 'm1', 'mineq', 'giulia', 5_000), ev.ended(now - 60_000, 'm1', 'mineq', 'giulia', 25_000),
      ev.offered(now - 80_000, 'm2', 'mineq'), ev.answered(now - 78_000, 'm2', 'mineq', 'giulia', 2_000),
      ev.offered(now - 70_000, 'm3', 'mineq'), ev.answered(now - 69_000, 'm3', 'mineq', '2077', 1_000),
      ev.offered(now - 60_000, 'm4', 'mineq'), ev.answered(now - 59_000, 'm4', 'mineq', 'someone-else', 1_000),
    ], 'test');
    const as = async (login: string, extension?: string) => {
      const { user, password } = await makeUser(e, 'demo', login, ['agent'], { extension });
      return { user, cookie: await login_(user.login, password) };
    };
    const login_ = (l: string, password: string) => login(e, { tenant: 'demo', login: l, password });
    const giulia = await as('giulia');
    const mine = async (cookie: string, qs = '') => get(`/api/v1/reports/mine${qs}`, { cookie });
    const g = await eventually('giulia\'s two calls', async () => {
      const r = (await mine(giulia.cookie)).json();
      return r.report.rows[0]?.answered === 2 ? r : null;
    });
    expect(g.agent).toBe('giulia');
    expect(g.report.rows).toHaveLength(1);
    expect(g.report.rows[0]).toMatchObject({ agent: 'giulia', answered: 2 });
    // the PBX names this one by extension: their figures are the extension's
    const marco = await as('marco', '2077');
    const m = (await mine(marco.cookie)).json();
    expect(m.agent).toBe('2077');
    expect(m.report.rows.map((r: { agent: string }) => r.agent)).toEqual(['2077']);
    // no filter reaches another agent's figures
    const tried = (await mine(giulia.cookie, '?agent=someone-else')).json();
    expect(tried.report.rows.map((r: { agent: string }) => r.agent)).toEqual(['giulia']);
    // a range without calls: no row; a bad date: a 400 with a sentence
    expect((await mine(giulia.cookie, '?from=2026-01-01&to=2026-01-02')).json().report.rows).toEqual([]);
    const bad = await mine(giulia.cookie, '?from=2026-13-45');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^from: "2026-13-45" is not a valid date/);
    // an agent may not read the reports themselves
    expect((await get('/api/v1/reports/agents', { cookie: giulia.cookie })).statusCode).toBe(403);
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
    // today by hour: a row for every hour so far, the current one last, none for the hours still to come
    const thisHour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const last = Date.parse(String(json.rows.at(-1).hour));
    expect(last === thisHour || last === thisHour - 3_600_000, `${json.rows.at(-1).hour}`).toBe(true);
    expect(json.rows.every((r: { hour: string }) => Date.parse(r.hour) <= Date.now())).toBe(true);
    // a past day has all its hours
    const yesterday = dayWindow(Date.now() - 86_400_000, json.timezone).day;
    expect((await get(`/api/v1/reports/service?groupBy=hour&from=${yesterday}&to=${yesterday}`)).json().rows.length).toBeGreaterThanOrEqual(23);
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
