/**
 * The daily pre-aggregate of the reports (call_waits_daily, migration 012) gives exactly the tables the call facts give:
 * on random facts, per-queue thresholds (multiples of 5 s) and live legs, over whole local days around the DST changes in
 * Europe/Rome, in a :30 zone and in UTC, every by-day table and the totals equal the same report read from call_facts
 * (fast-check); after a change of the tenant's zone the stored days no longer match and the same statement reads the
 * facts; the migration's backfill and the replay's reconcile fill it; and the cases it must leave to other tables.
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
/** Waits around the thresholds: multiples of 5 s, a millisecond either side, anything. */
const wait = fc.oneof(
  fc.integer({ min: 0, max: 25 }).map((b) => b * 5000),
  fc.integer({ min: 1, max: 25 }).chain((b) => fc.constantFrom(b * 5000 - 1, b * 5000 + 1)),
  fc.integer({ min: 0, max: 200_000 }),
);
const step = (min: number, max: number) => fc.integer({ min, max }).map((b) => b * 5000);
const thresholds = fc.record({ slThresholdMs: step(0, 12), shortAbandonMs: step(0, 3), trefMs: step(1, 8), beta: fc.constantFrom(0, 0.25, 0.5, 1) })
  .chain((q) => step(q.trefMs / 5000 + 1, 24).map((tlimMs) => ({ ...q, tlimMs })));
const call = fc.record({
  // minutes from two local days before the DST change, over five days; near midnight more often
  minute: fc.oneof(fc.integer({ min: 0, max: 5 * 24 * 60 - 1 }), fc.integer({ min: 0, max: 4 }).chain((d) => fc.integer({ min: d * 1440 - 90, max: d * 1440 + 90 }).map((m) => Math.max(0, m)))),
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

/** A stored fact offered at `at`, its `day` the local day in `dayZone` (the tenant's zone when it was stored). */
function leg(tenant: string, dayZone: string, at: number, c: Call): CallFact {
  const id = `d${++seq}`;
  const answered = c.outcome === 'answered';
  return {
    tenant, factId: `${id}|${c.queue}`, callId: id, queue: c.queue, caller: `+39${seq % 9}`, channel: c.channel, campaign: '',
    day: DateTime.fromMillis(at, { zone: dayZone }).toISODate()!, offeredAt: at, answeredAt: answered ? at + c.waitMs : null, endedAt: at + c.waitMs + c.talkMs,
    agent: answered ? c.agent : '', waitMs: c.waitMs, talkMs: answered ? c.talkMs : 0, wrapMs: answered ? c.wrapMs : 0, outcome: c.outcome,
    exitReason: c.outcome === 'exited' ? c.reason : '', endedBy: 'caller', transferred: answered && c.transferred, finished: true,
  };
}

const ts = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const openLeg = (f: CallFact, finished: boolean): OpenLeg => ({
  queue: f.queue, agent: f.agent, channel: f.channel, campaign: f.campaign, caller: f.caller, call_id: f.callId, offered_at: ts(f.offeredAt),
  wait_ms: f.waitMs, talk_ms: f.talkMs, wrap_ms: f.wrapMs, outcome: f.outcome, exit_reason: f.exitReason, transferred: f.transferred ? 1 : 0, finished: finished ? 1 : 0,
});

/** The tables (and groupings) that read the daily table over whole days: by-day rows, or totals only (by hour, heatmap). */
const TABLES = [['queues', 'day', true], ['service', 'day', true], ['historic', 'day', true], ['missed', 'day', true],
  ['queues', 'hour', false], ['callers-heatmap', 'day', false]] as const;
/** Each zone with the DST change (or none) the random days straddle: spring and autumn in Rome, none in Kolkata (+05:30) and UTC. */
const ZONES = [['Europe/Rome', '2026-10-23'], ['Europe/Rome', '2026-03-27'], ['Asia/Kolkata', '2026-10-23'], ['UTC', '2026-10-23']] as const;

async function store(tenant: string, settings: TenantSettings, legs: { c: Call; f: CallFact }[]): Promise<ReportTenant> {
  await t.repo.insertFacts(legs.filter((l) => l.c.live === 'stored').map((l) => l.f), () => 396);
  return { id: tenant, settings, open: legs.filter((l) => l.c.live !== 'stored').map((l) => openLeg(l.f, l.c.live === 'finished')) };
}

describe('reports - the daily wait histogram gives the tables call_facts gives', () => {
  it('reports - daily and raw tables are identical on random facts, thresholds and live legs, over DST days and in a :30 zone (fast-check)', async () => {
    let run = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(call, { maxLength: 80 }), thresholds, fc.option(thresholds, { nil: undefined }), fc.constantFrom(...ZONES),
      fc.constantFrom({}, { queue: 'sales' }, { queue: 'sales,billing', channel: 'chat' }),
      async (calls, defaults, sales, [tz, first], filter) => {
        const tenant = `day${++run}`;
        const start = DateTime.fromISO(first, { zone: tz }).plus({ days: 1 }).toMillis();
        const legs = calls.map((c) => ({ c, f: leg(tenant, tz, start + c.minute * 60_000, c) }));
        const tn = await store(tenant, { ...defaultTenantSettings(tz), defaults, queues: sales ? { sales } : {} }, legs);
        const range = { from: first, to: DateTime.fromISO(first).plus({ days: 6 }).toISODate()!, compare: 'previous' as const, ...filter };
        for (const [id, groupBy, rows] of TABLES) {
          const q = { ...range, groupBy };
          if (rows) expect(toExportSource(id, q, tn).query, id).toContain('call_waits_daily');
          const [agg, raw] = await Promise.all([runReport(t.client, id, q, tn), runReport(t.client, id, q, tn, Date.now(), { rawFacts: true })]);
          expect(agg, `${id} by ${groupBy} in ${tz}`).toEqual(raw);
        }
      },
    ), { numRuns: 6 });
  }, 300_000);

  it('reports - after a change of zone the stored days are not the local days: the same statement reads the facts', async () => {
    // Stored while the tenant was in New York; the tenant is now in Rome: calls late in a New York evening are the next day in Rome.
    const tenant = 'moved';
    const base = DateTime.fromISO('2026-11-10T18:00', { zone: 'America/New_York' }).toMillis();
    const c: Call = { minute: 0, outcome: 'answered', reason: 'timeout', queue: 'sales', channel: 'voice', agent: 'anna', waitMs: 12_000, talkMs: 60_000, wrapMs: 5000, transferred: false, live: 'stored' };
    const legs = Array.from({ length: 24 }, (_, i) => ({ c, f: leg(tenant, 'America/New_York', base + i * 30 * 60_000, c) }));
    const tn = await store(tenant, defaultTenantSettings('Europe/Rome'), legs);
    const q = { from: '2026-11-10', to: '2026-11-12', groupBy: 'day' as const };
    expect(toExportSource('queues', q, tn).query).toContain('call_waits_daily');
    const [agg, raw] = await Promise.all([runReport(t.client, 'queues', q, tn), runReport(t.client, 'queues', q, tn, Date.now(), { rawFacts: true })]);
    expect(agg).toEqual(raw);
    // 18:00 on the 10th to 05:30 on the 11th in New York is 00:00-11:30 on the 11th in Rome; the stored days say 12 on the 10th, 12 on the 11th.
    expect(raw.rows.map((r) => r.offered)).toEqual([0, 24, 0]);
  });

  it('reports - an agent or campaign filter, part days or a threshold not a multiple of 5 s leave the daily table; a :30 zone does not', () => {
    const t0: ReportTenant = { id: 'x', settings: defaultTenantSettings('Europe/Rome'), open: [] };
    const range = { from: '2026-10-23', to: '2026-10-28' };
    const source = (q: Record<string, string>, tenant = t0) => toExportSource('queues', { ...range, ...q }, tenant).query;
    expect(source({})).toContain('call_waits_daily');
    expect(source({}, { ...t0, settings: defaultTenantSettings('Asia/Kolkata') })).toContain('call_waits_daily');
    expect(source({ groupBy: 'hour' })).not.toContain('call_waits_daily');
    expect(source({ agent: 'anna' })).not.toContain('call_waits_daily');
    expect(source({ campaign: 'promo' })).not.toContain('call_waits_daily');
    expect(source({ from: '2026-10-23T06:00:00Z', to: '2026-10-28T06:00:00Z' })).not.toContain('call_waits_daily');
    const s = defaultTenantSettings('Europe/Rome');
    expect(source({}, { ...t0, settings: { ...s, queues: { sales: { slThresholdMs: 15_500 } } } })).not.toContain('call_waits_daily');
    expect(toExportSource('callers-heatmap', range, t0).query).not.toContain('call_waits_daily');
  });

  it('reports - the migration backfills the daily table once however often it runs, and the reconcile tops it up after a crash', async () => {
    const tz = 'Europe/Rome';
    const tenant = 'backfill-daily';
    const base = Date.parse('2026-09-01T08:00:00Z');
    const legs = Array.from({ length: 60 }, (_, i) => ({ c: {} as Call, f: leg(tenant, tz, base + i * 3_600_000, {
      minute: 0, outcome: OUTCOMES[i % 5], reason: 'timeout', queue: i % 2 ? 'sales' : 'support', channel: 'voice', agent: 'anna', waitMs: i * 777, talkMs: 1000, wrapMs: 0, transferred: i % 3 === 0, live: 'stored',
    }) }));
    await t.repo.insertFacts(legs.map((l) => l.f), () => 396);
    const q = { from: '2026-09-01', to: '2026-09-03' };
    const tn: ReportTenant = { id: tenant, settings: defaultTenantSettings(tz), open: [] };
    const want = await runReport(t.client, 'historic', q, tn, Date.now(), { rawFacts: true });
    expect(want.totals!.offered).toBe(60);
    await t.client.command({ query: 'TRUNCATE TABLE call_waits_daily' });
    const { migrate } = await import('../apps/ingest/src/store/migrate.ts');
    for (let i = 0; i < 2; i++) {
      await t.client.command({ query: 'ALTER TABLE schema_migrations DELETE WHERE version = 12 SETTINGS mutations_sync = 1' });
      expect(await migrate(t.client)).toEqual(['012_call_waits_daily.sql']);
    }
    expect(await runReport(t.client, 'historic', q, tn)).toEqual(want);
    // As if the view's insert of a day had been lost: its rows gone, the facts kept.
    await t.client.command({ query: `ALTER TABLE call_waits_daily DELETE WHERE tenant = '${tenant}' AND day = '2026-09-02' SETTINGS mutations_sync = 1` });
    expect(await runReport(t.client, 'historic', q, tn)).not.toEqual(want);
    expect(await t.repo.reconcileRollup(tenant, '2026-09-01')).toBeGreaterThan(0);
    expect(await runReport(t.client, 'historic', q, tn)).toEqual(want);
    expect(await t.repo.reconcileRollup(tenant, '2026-09-01')).toBe(0);
  });
});
