/**
 * The pre-aggregated path of the reports (call_waits_hourly, migration 011: hourly sums and a histogram of waits) gives
 * exactly the tables the call facts give: on random facts, random per-queue thresholds (multiples of 5 s) and random live
 * legs, every time table, the heatmap and the missed calls, by day and by hour, with filters, equal the same report
 * read from call_facts (fast-check). And the cases it must leave to call_facts.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { defaultTenantSettings, type CallFact, type TenantSettings } from '@callboard/metrics';
import { runReport, toExportSource, type ReportTenant } from '../apps/ingest/src/reports/run.ts';
import type { OpenLeg } from '../apps/ingest/src/reports/facts-source.ts';
import { useClickHouse } from './support/clickhouse.ts';

const t = useClickHouse();
const OUTCOMES = ['answered', 'answered', 'answered', 'abandoned', 'exited'] as const;
const REASONS = ['timeout', 'key', 'empty', 'full'] as const;
/** Waits around the thresholds: multiples of 5 s (on a threshold exactly), a millisecond either side, anything. */
const wait = fc.oneof(
  fc.integer({ min: 0, max: 25 }).map((b) => b * 5000),
  fc.integer({ min: 1, max: 25 }).chain((b) => fc.constantFrom(b * 5000 - 1, b * 5000 + 1)),
  fc.integer({ min: 0, max: 200_000 }),
);
/** Thresholds of the histogram's step, 5 s. */
const step = (min: number, max: number) => fc.integer({ min, max }).map((b) => b * 5000);
const thresholds = fc.record({ slThresholdMs: step(0, 12), shortAbandonMs: step(0, 3), trefMs: step(1, 8), beta: fc.constantFrom(0, 0.25, 0.5, 1) })
  .chain((q) => step(q.trefMs / 5000 + 1, 24).map((tlimMs) => ({ ...q, tlimMs })));
const call = fc.record({
  minute: fc.integer({ min: 0, max: 4 * 24 * 60 - 1 }),
  outcome: fc.constantFrom(...OUTCOMES),
  reason: fc.constantFrom(...REASONS),
  queue: fc.constantFrom('sales', 'support', 'billing'),
  channel: fc.constantFrom('voice', 'chat') as fc.Arbitrary<CallFact['channel']>,
  agent: fc.constantFrom('anna', 'bruno'),
  waitMs: wait,
  talkMs: fc.integer({ min: 0, max: 600_000 }),
  wrapMs: fc.integer({ min: 0, max: 60_000 }),
  transferred: fc.boolean(),
  live: fc.constantFrom('stored', 'stored', 'stored', 'open', 'finished'),
});
type Call = typeof call extends fc.Arbitrary<infer T> ? T : never;
let seq = 0;

function leg(tenant: string, tz: string, at: number, c: Call): CallFact {
  const id = `p${++seq}`;
  const answered = c.outcome === 'answered';
  return {
    tenant, factId: `${id}|${c.queue}`, callId: id, queue: c.queue, caller: `+39${seq % 9}`, channel: c.channel, campaign: '',
    day: DateTime.fromMillis(at, { zone: tz }).toISODate()!, offeredAt: at, answeredAt: answered ? at + c.waitMs : null, endedAt: at + c.waitMs + c.talkMs,
    agent: answered ? c.agent : '', waitMs: c.waitMs, talkMs: answered ? c.talkMs : 0, wrapMs: answered ? c.wrapMs : 0, outcome: c.outcome,
    exitReason: c.outcome === 'exited' ? c.reason : '', endedBy: 'caller', transferred: answered && c.transferred, finished: true,
  };
}

const ts = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const openLeg = (f: CallFact, finished: boolean): OpenLeg => ({
  queue: f.queue, agent: f.agent, channel: f.channel, campaign: f.campaign, caller: f.caller, call_id: f.callId, offered_at: ts(f.offeredAt),
  wait_ms: f.waitMs, talk_ms: f.talkMs, wrap_ms: f.wrapMs, outcome: f.outcome, exit_reason: f.exitReason, transferred: f.transferred ? 1 : 0, finished: finished ? 1 : 0,
});

const TABLES = [['queues', 'day'], ['queues', 'hour'], ['service', 'hour'], ['historic', 'day'], ['callers-heatmap', 'day'], ['missed', 'day']] as const;

describe('reports - the hourly wait histogram gives the tables call_facts gives', () => {
  it('reports - pre-aggregated and raw tables are identical on random facts, thresholds and live legs (fast-check)', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(call, { maxLength: 80 }), thresholds, fc.option(thresholds, { nil: undefined }),
      fc.constantFrom('Europe/Rome', 'America/New_York', 'UTC'),
      fc.constantFrom({}, { queue: 'sales' }, { queue: 'sales,billing', channel: 'chat' }),
      async (calls, defaults, sales, tz, filter) => {
        const tenant = `agg${++run}`;
        const start = DateTime.fromISO('2026-10-24', { zone: tz }).toMillis(); // over the autumn DST change in Europe
        const legs = calls.map((c) => ({ c, f: leg(tenant, tz, start + c.minute * 60_000, c) }));
        await t.repo.insertFacts(legs.filter((l) => l.c.live === 'stored').map((l) => l.f), () => 396);
        const settings: TenantSettings = { ...defaultTenantSettings(tz), defaults, queues: sales ? { sales } : {} };
        const tenantOf: ReportTenant = { id: tenant, settings, open: legs.filter((l) => l.c.live !== 'stored').map((l) => openLeg(l.f, l.c.live === 'finished')) };
        // :NOTE: whole hours but not whole local days, so that the by-day tables read the hourly table too (whole days
        // read call_waits_daily: reports-daily.test.ts).
        const range = { from: '2026-10-23T06:00:00Z', to: '2026-10-28T06:00:00Z', compare: 'previous' as const, ...filter };
        for (const [id, groupBy] of TABLES) {
          expect(toExportSource(id, { ...range, groupBy }, tenantOf).query, id).toContain('call_waits_hourly');
          const [agg, raw] = await Promise.all([runReport(t.client, id, { ...range, groupBy }, tenantOf),
            runReport(t.client, id, { ...range, groupBy }, tenantOf, Date.now(), { rawFacts: true })]);
          expect(agg, `${id} by ${groupBy}`).toEqual(raw);
        }
      },
    ), { numRuns: 8 });
  }, 300_000);

  it('reports - an agent or campaign filter, a :30 zone, a threshold not a multiple of 5 s or a part hour read call_facts', () => {
    const t0: ReportTenant = { id: 'x', settings: defaultTenantSettings('Europe/Rome'), open: [] };
    const range = { from: '2026-10-23T06:00:00Z', to: '2026-10-28T06:00:00Z' };
    const source = (q: Record<string, string>, tenant = t0) => toExportSource('queues', { ...range, ...q }, tenant).query;
    expect(source({})).toContain('call_waits_hourly');
    expect(source({ agent: 'anna' })).not.toContain('call_waits_hourly');
    expect(source({ campaign: 'promo' })).not.toContain('call_waits_hourly');
    expect(source({ from: '2026-10-23T10:30:00Z', to: '2026-10-24T10:00:00Z' })).not.toContain('call_waits_hourly');
    expect(source({}, { ...t0, settings: defaultTenantSettings('Asia/Kolkata') })).not.toContain('call_waits_hourly');
    const s = defaultTenantSettings('Europe/Rome');
    expect(source({}, { ...t0, settings: { ...s, queues: { sales: { slThresholdMs: 15_500 } } } })).not.toContain('call_waits_hourly');
    expect(source({}, { ...t0, settings: { ...s, defaults: { ...s.defaults, shortAbandonMs: 3000 } } })).not.toContain('call_waits_hourly');
    expect(source({}, { ...t0, settings: { ...s, queues: { sales: { slThresholdMs: 30_000, trefMs: 15_000 } } } })).toContain('call_waits_hourly');
    // the lists and the agents' table never read it
    for (const id of ['calls', 'callers-repeat']) expect(toExportSource(id, range, t0).query).not.toMatch(/call_waits_(hourly|daily)/);
  });

  it('reports - the migration backfills the histogram from the stored facts, once however often it runs', async () => {
    const tz = 'Europe/Rome';
    const tenant = 'backfill';
    const base = Date.parse('2026-09-01T08:00:00Z');
    await t.repo.insertFacts(Array.from({ length: 50 }, (_, i) => leg(tenant, tz, base + i * 600_000, {
      minute: 0, outcome: OUTCOMES[i % 5], reason: 'timeout', queue: 'sales', channel: 'voice', agent: 'anna', waitMs: i * 777, talkMs: 1000, wrapMs: 0, transferred: false, live: 'stored',
    })), () => 396);
    const q = { from: '2026-09-01', to: '2026-09-01', groupBy: 'hour' as const };
    const tn: ReportTenant = { id: tenant, settings: defaultTenantSettings(tz), open: [] };
    const want = await runReport(t.client, 'queues', q, tn, Date.now(), { rawFacts: true });
    // As on an engine upgraded with facts already stored: the table emptied and its migration run again.
    await t.client.command({ query: 'TRUNCATE TABLE call_waits_hourly' });
    await t.client.command({ query: `ALTER TABLE schema_migrations DELETE WHERE version = 11 SETTINGS mutations_sync = 1` });
    const { migrate } = await import('../apps/ingest/src/store/migrate.ts');
    expect(await migrate(t.client)).toEqual(['011_call_waits_hourly.sql']);
    await t.client.command({ query: `ALTER TABLE schema_migrations DELETE WHERE version = 11 SETTINGS mutations_sync = 1` });
    expect(await migrate(t.client)).toEqual(['011_call_waits_hourly.sql']);
    expect(await runReport(t.client, 'queues', q, tn)).toEqual(want);
    expect(want.totals!.offered).toBe(50);
  });

  it('reports - after a crash between the facts and the view, the replay\'s reconcile tops the histogram up to the facts', async () => {
    const tz = 'Europe/Rome';
    const tenant = 'crashed';
    const base = Date.parse('2026-09-02T08:00:00Z');
    await t.repo.insertFacts(Array.from({ length: 40 }, (_, i) => leg(tenant, tz, base + i * 900_000, {
      minute: 0, outcome: OUTCOMES[i % 5], reason: 'key', queue: i % 2 ? 'sales' : 'support', channel: 'voice', agent: 'anna', waitMs: i * 1777, talkMs: 2000, wrapMs: 500, transferred: i % 3 === 0, live: 'stored',
    })), () => 396);
    // As if the view's insert of some hours had been lost: those rows gone, the facts kept.
    await t.client.command({ query: `ALTER TABLE call_waits_hourly DELETE WHERE tenant = '${tenant}' AND toHour(hour) % 2 = 0 SETTINGS mutations_sync = 1` });
    const q = { from: '2026-09-02', to: '2026-09-02', groupBy: 'hour' as const };
    const tn: ReportTenant = { id: tenant, settings: defaultTenantSettings(tz), open: [] };
    const want = await runReport(t.client, 'queues', q, tn, Date.now(), { rawFacts: true });
    expect(await runReport(t.client, 'queues', q, tn)).not.toEqual(want);
    expect(await t.repo.reconcileRollup(tenant, '2026-09-01')).toBeGreaterThan(0);
    expect(await runReport(t.client, 'queues', q, tn)).toEqual(want);
    expect(await t.repo.reconcileRollup(tenant, '2026-09-01')).toBe(0);
  });
});
