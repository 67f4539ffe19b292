/**
 * Report figures against an independent recount: random call facts stored in a real ClickHouse (chdb), every report
 * table's numbers equal a hand-written SQL recount over the same rows (fast-check); and the timezone edges — DST
 * change days in Europe/Rome by hour (23 and 25 rows, the two 02:00 hours apart), a range across midnight UTC, a zone
 * with a 30-minute offset (Asia/Kolkata).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { defaultTenantSettings, type CallFact } from '@callboard/metrics';
import { runReport, reportCsv, toExportSource, type ReportTenant } from '../apps/ingest/src/reports/run.ts';
import { parseQuery } from '../apps/ingest/src/query/query-parser.ts';
import { runQuery } from '../apps/ingest/src/query/query-runner.ts';
import { useClickHouse } from './support/clickhouse.ts';
import { parseCsv } from './support/csv.ts';

const t = useClickHouse();
let seq = 0;

function fact(tenant: string, tz: string, at: string | number, o: Partial<CallFact> = {}): CallFact {
  const offeredAt = typeof at === 'number' ? at : Date.parse(at);
  const outcome = o.outcome ?? 'answered';
  const waitMs = o.waitMs ?? 10_000;
  const id = `c${++seq}`;
  return {
    tenant, factId: `${id}|${o.queue ?? 'sales'}`, callId: id, queue: 'sales', caller: `+3902${seq % 7}`, channel: 'voice', campaign: '',
    day: DateTime.fromMillis(offeredAt, { zone: tz }).toISODate()!, offeredAt, answeredAt: outcome === 'answered' ? offeredAt + waitMs : null,
    endedAt: offeredAt + waitMs + 60_000, agent: outcome === 'answered' ? 'anna' : '', waitMs, talkMs: outcome === 'answered' ? 60_000 : 0, wrapMs: 0,
    outcome, exitReason: outcome === 'exited' ? 'timeout' : '', endedBy: 'caller', transferred: false, finished: true, ...o,
  };
}

const tenantOf = (id: string, tz: string): ReportTenant => ({ id, settings: defaultTenantSettings(tz), open: [] });
const store = (facts: CallFact[]) => t.repo.insertFacts(facts, () => 396);

/** The recount: plain SQL over call_facts, written from the README's definitions, not from the catalogue. */
async function recount(tenant: string, tz: string, from: string, to: string) {
  const rs = await t.client.query({
    query: `SELECT toString(toDate(offered_at, {tz:String})) AS day, count() AS offered, countIf(outcome = 'answered') AS answered,
        countIf(outcome = 'abandoned') AS abandoned, countIf(outcome = 'abandoned' AND wait_ms < 5000) AS short,
        countIf(outcome = 'exited') AS exited, countIf(outcome = 'answered' AND wait_ms <= 20000) AS in_sl,
        sumIf(wait_ms, outcome = 'answered') AS wait_answered, sumIf(talk_ms + wrap_ms, outcome = 'answered') AS handling, max(wait_ms) AS max_wait
      FROM call_facts WHERE tenant = {tenant:String} AND toDate(offered_at, {tz:String}) BETWEEN {from:Date} AND {to:Date} GROUP BY day ORDER BY day`,
    query_params: { tenant, tz, from, to }, format: 'JSONEachRow',
  });
  return new Map((await rs.json<Record<string, string | number>>()).map((r) => [String(r.day), Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]))]));
}

const r1 = (x: number) => Math.round(x * 10) / 10;

describe('reports - numbers equal an independent recount over call facts', () => {
  it('reports - queue, service and historic tables by day, with totals, on random facts (fast-check)', async () => {
    const tz = 'Europe/Rome';
    let run = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        minute: fc.integer({ min: 0, max: 5 * 24 * 60 - 1 }),
        outcome: fc.constantFrom('answered', 'answered', 'abandoned', 'exited') as fc.Arbitrary<CallFact['outcome']>,
        agent: fc.constantFrom('anna', 'bruno', 'carla'),
        queue: fc.constantFrom('sales', 'support'),
        channel: fc.constantFrom('voice', 'chat') as fc.Arbitrary<CallFact['channel']>,
        waitMs: fc.integer({ min: 0, max: 90_000 }),
        talkMs: fc.integer({ min: 0, max: 600_000 }),
        wrapMs: fc.integer({ min: 0, max: 60_000 }),
      }), { minLength: 0, maxLength: 60 }),
      async (calls) => {
        const tenant = `prop${++run}`;
        const start = Date.parse('2026-11-02T00:00:00+01:00');
        await store(calls.map((c) => {
          const f = fact(tenant, tz, start + c.minute * 60_000, c.outcome === 'answered' ? c : { ...c, agent: '', talkMs: 0, wrapMs: 0 });
          return { ...f, factId: `${f.callId}|${c.queue}` };
        }));
        const want = await recount(tenant, tz, '2026-11-01', '2026-11-07');
        const q = await runReport(t.client, 'queues', { from: '2026-11-01', to: '2026-11-07' }, tenantOf(tenant, tz));
        const h = await runReport(t.client, 'historic', { from: '2026-11-01', to: '2026-11-07' }, tenantOf(tenant, tz));
        // a row for every day, with or without traffic
        expect(q.rows.map((r) => r.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07']);
        for (const row of q.rows) {
          const w = want.get(String(row.day));
          const den = w ? w.offered - w.short : 0;
          expect(row.offered, `${row.day}`).toBe(w?.offered ?? 0);
          expect(row.answered).toBe(w?.answered ?? 0);
          expect(row.abandoned).toBe(w?.abandoned ?? 0);
          expect(row.short_abandoned).toBe(w?.short ?? 0);
          expect(row.exited).toBe(w?.exited ?? 0);
          expect(row.service_level).toBe(den ? r1((100 * w!.in_sl) / den) : null);
          expect(row.asa).toBe(w?.answered ? r1(w.wait_answered / w.answered / 1000) : null);
          expect(row.aht).toBe(w?.answered ? r1(w.handling / w.answered / 1000) : null);
          expect(row.max_wait).toBe(w ? r1(w.max_wait / 1000) : row.max_wait);
          const hist = h.rows.find((x) => x.day === row.day)!;
          expect([hist.offered, hist.answered, hist.service_level]).toEqual([row.offered, row.answered, row.service_level]);
        }
        const all = [...want.values()];
        const sum = (k: string) => all.reduce((s, w) => s + w[k], 0);
        expect(q.totals).toMatchObject({ day: 'Total', offered: sum('offered'), answered: sum('answered'), abandoned: sum('abandoned'), exited: sum('exited') });
        const den = sum('offered') - sum('short');
        expect(q.totals!.service_level).toBe(den ? r1((100 * sum('in_sl')) / den) : null);
        // agents: answered per agent; heatmap: offered per weekday × hour; a queue and channel filter
        const range = { from: '2026-11-01', to: '2026-11-07' };
        const agents = await runReport(t.client, 'agents', range, tenantOf(tenant, tz));
        const heat = await runReport(t.client, 'callers-heatmap', range, tenantOf(tenant, tz));
        const sales = await runReport(t.client, 'queues', { ...range, queue: 'sales', channel: 'chat' }, tenantOf(tenant, tz));
        const counted = await t.client.query({
          query: `SELECT agent, count() AS n FROM call_facts WHERE tenant = {tenant:String} AND outcome = 'answered' GROUP BY agent ORDER BY agent`,
          query_params: { tenant }, format: 'JSONEachRow',
        });
        const perAgent = Object.fromEntries((await counted.json<{ agent: string; n: string }>()).map((r) => [r.agent, Number(r.n)]));
        expect(Object.fromEntries(agents.rows.map((r) => [r.agent, r.answered]))).toEqual(perAgent);
        const cell = (wd: number, h: number) => calls.filter((c) => {
          const at = DateTime.fromMillis(start + c.minute * 60_000, { zone: tz });
          return at.weekday === wd && at.hour === h;
        }).length;
        const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
        expect(heat.rows.map((r) => r.offered)).toEqual(heat.rows.map((r) => cell(DAYS.indexOf(String(r.weekday)) + 1, Number(r.hour))));
        expect(sales.totals!.offered).toBe(calls.filter((c) => c.queue === 'sales' && c.channel === 'chat').length);
      },
    ), { numRuns: 12 });
  }, 300_000);

  it('reports - agents, callers and the calls list count the same legs', async () => {
    const tz = 'Europe/Rome';
    const tenant = 'lists';
    await store([
      fact(tenant, tz, '2026-11-03T09:00:00Z', { caller: '+391', agent: 'anna' }),
      fact(tenant, tz, '2026-11-03T09:10:00Z', { caller: '+391', outcome: 'abandoned', waitMs: 30_000 }),
      fact(tenant, tz, '2026-11-04T10:00:00Z', { caller: '+392', agent: 'bruno' }),
      fact(tenant, tz, '2026-11-04T10:05:00Z', { caller: '+391', agent: 'bruno' }),
    ]);
    const range = { from: '2026-11-03', to: '2026-11-04' };
    const agents = await runReport(t.client, 'agents', range, tenantOf(tenant, tz));
    expect(agents.rows.map((r) => [r.rank, r.agent, r.handled])).toEqual([[1, 'bruno', 2], [2, 'anna', 1]]);
    // Past days of a whole-hour zone: the agents' call figures come from the hourly rollup; with live legs in range, from the legs.
    expect(toExportSource('agents', range, tenantOf(tenant, tz)).query).toContain('call_rollup_hourly');
    const live = { ...tenantOf(tenant, tz), open: [{ queue: 'sales', agent: 'carla', channel: 'voice', campaign: '', caller: '+393', call_id: 'open1', offered_at: '2026-11-04 12:00:00.000', wait_ms: 1000, talk_ms: 0, wrap_ms: 0, outcome: 'answered', exit_reason: '', transferred: 0, finished: 0 }] };
    expect(toExportSource('agents', range, live).query).not.toContain('call_rollup_hourly');
    const withLive = await runReport(t.client, 'agents', range, live);
    expect(withLive.rows.map((r) => [r.agent, r.answered, r.handled])).toEqual([['bruno', 2, 2], ['anna', 1, 1], ['carla', 1, 0]]);
    const repeat = await runReport(t.client, 'callers-repeat', range, tenantOf(tenant, tz));
    expect(repeat.rows).toEqual([expect.objectContaining({ caller: '+391', calls: 3, offered: 3, answered: 2, abandoned: 1, missed: 1 })]);
    const heat = await runReport(t.client, 'callers-heatmap', range, tenantOf(tenant, tz));
    expect(heat.rows).toHaveLength(168);
    // 2026-11-03 is a Tuesday; 09:00Z is 10:00 in Rome
    expect(heat.rows.find((r) => r.weekday === 'Tue' && r.hour === 10)).toMatchObject({ offered: 2, abandoned: 1 });
    expect(heat.totals).toMatchObject({ offered: 4 });
    const calls = await runReport(t.client, 'calls', range, tenantOf(tenant, tz));
    expect(calls.rows.map((r) => r.time)).toEqual(['2026-11-03 10:00:00', '2026-11-03 10:10:00', '2026-11-04 11:00:00', '2026-11-04 11:05:00']);
  });

  it('reports - the CSV is the JSON table: same SELECT, column labels as its header', async () => {
    const tenant = 'lists';
    const qs = { from: '2026-11-01', to: '2026-11-05' };
    const json = await runReport(t.client, 'queues', qs, tenantOf(tenant, 'Europe/Rome'));
    const { body, name } = await reportCsv(t.client, 'queues', qs, tenantOf(tenant, 'Europe/Rome'));
    expect(name).toBe('queues-2026-10-31-2026-11-05.csv'.replace('2026-10-31', json.from.slice(0, 10)));
    const [head, ...lines] = parseCsv(body);
    expect(head).toEqual(json.columns.map((c) => c.label));
    expect(lines).toEqual(json.rows.map((r) => json.columns.map((c) => (r[c.key] === null ? '' : String(r[c.key])))));
    const src = toExportSource('queues', qs, tenantOf(tenant, 'Europe/Rome'));
    expect(src.columns.map((c) => c.key)).toEqual(json.columns.map((c) => c.key));
    expect(src.query).not.toContain('lists'); // the tenant is a bound parameter
    expect(src.query_params.tenant).toBe('lists');
  });
});

describe('reports - timezone edges', () => {
  it.each([
    { name: 'autumn DST change in Europe/Rome: 25 hours, two 02:00 rows', tz: 'Europe/Rome', day: '2026-10-25', hours: 25,
      calls: ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T01:40:00Z'], want: { '2026-10-25T02:00+02:00': 1, '2026-10-25T02:00+01:00': 2 } },
    { name: 'spring DST change in Europe/Rome: 23 hours, no 02:00', tz: 'Europe/Rome', day: '2026-03-29', hours: 23,
      calls: ['2026-03-29T00:59:00Z', '2026-03-29T01:00:00Z'], want: { '2026-03-29T01:00+01:00': 1, '2026-03-29T03:00+02:00': 1 } },
    { name: 'Asia/Kolkata: hours start at :30 UTC', tz: 'Asia/Kolkata', day: '2026-06-01', hours: 24,
      calls: ['2026-06-01T04:29:00Z', '2026-06-01T04:30:00Z', '2026-05-31T18:30:00Z'], want: { '2026-06-01T09:00+05:30': 1, '2026-06-01T10:00+05:30': 1, '2026-06-01T00:00+05:30': 1 } },
  ])('reports - $name', async ({ tz, day, hours, calls, want }) => {
    const tenant = `tz-${day}-${tz.replace('/', '-')}`;
    await store(calls.map((at) => fact(tenant, tz, at)));
    const r = await runReport(t.client, 'queues', { from: day, to: day, groupBy: 'hour' }, tenantOf(tenant, tz));
    expect(r.rows).toHaveLength(hours);
    expect(new Set(r.rows.map((x) => x.hour)).size).toBe(hours);
    const got = Object.fromEntries(r.rows.filter((x) => Number(x.offered) > 0).map((x) => [x.hour, x.offered]));
    expect(got).toEqual(want);
    expect(r.totals!.offered).toBe(calls.length);
    // the history API (widgets) groups the same way
    const h = await runQuery(t.client, parseQuery({ from: day, to: day, groupBy: 'hour', metrics: 'offered' }, tenant, tz), defaultTenantSettings(tz));
    expect(Object.fromEntries(h.rows.map((x) => [x.key.hour, x.metrics.offered]))).toEqual(want);
  });

  it('reports - a range across midnight UTC counts each call on its local day', async () => {
    const tz = 'Europe/Rome';
    const tenant = 'midnight';
    // 23:30 UTC on 1 June is 01:30 on 2 June in Rome; 21:59 UTC is still 1 June
    await store([fact(tenant, tz, '2026-06-01T23:30:00Z'), fact(tenant, tz, '2026-06-01T21:59:00Z'), fact(tenant, tz, '2026-06-02T22:30:00Z')]);
    const r = await runReport(t.client, 'queues', { from: '2026-06-01', to: '2026-06-02' }, tenantOf(tenant, tz));
    expect(r.rows.map((x) => [x.day, x.offered])).toEqual([['2026-06-01', 1], ['2026-06-02', 1]]);
    const byInstant = await runReport(t.client, 'queues', { from: '2026-06-01T22:00:00Z', to: '2026-06-02T00:00:00Z', groupBy: 'hour' }, tenantOf(tenant, tz));
    expect(byInstant.rows.map((x) => [x.hour, x.offered])).toEqual([['2026-06-02T00:00+02:00', 0], ['2026-06-02T01:00+02:00', 1]]);
  });

  it('reports - a half rounds up, as the wallboard shows it (ClickHouse\'s round() takes halves to even)', async () => {
    const tz = 'Europe/Rome';
    const tenant = 'halves';
    await store([fact(tenant, tz, '2026-06-03T09:00:00Z', { waitMs: 6250, talkMs: 62_250 })]);
    for (const rawFacts of [false, true]) {
      const q = await runReport(t.client, 'queues', { from: '2026-06-03' }, tenantOf(tenant, tz), Date.now(), { rawFacts });
      expect([q.rows[0].asa, q.rows[0].aht, q.totals!.asa], `rawFacts ${rawFacts}`).toEqual([6.3, 62.3, 6.3]);
    }
    const calls = await runReport(t.client, 'calls', { from: '2026-06-03' }, tenantOf(tenant, tz));
    expect([calls.rows[0].wait, calls.rows[0].talk]).toEqual([6.3, 62.3]);
  });

  it('reports - the previous period: as many local days just before', async () => {
    const tz = 'Europe/Rome';
    const tenant = 'previous';
    await store([fact(tenant, tz, '2026-10-24T10:00:00Z'), fact(tenant, tz, '2026-10-23T10:00:00Z'), fact(tenant, tz, '2026-10-26T10:00:00Z')]);
    const r = await runReport(t.client, 'queues', { from: '2026-10-25', to: '2026-10-26', compare: 'previous' }, tenantOf(tenant, tz));
    expect(r.previous).toMatchObject({ from: '2026-10-22T22:00:00.000Z', to: '2026-10-24T22:00:00.000Z', totals: { offered: 2 } });
    expect(r.totals!.offered).toBe(1);
  });
});
