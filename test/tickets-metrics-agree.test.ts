/**
 * Ticket metrics beyond the shared property test (test/metrics-agree.test.ts, which compares the live values with
 * GET /metrics in total, by type and by handler): the grouped figures of GET /tickets/metrics?groupBy=type|handler
 * (one SQL row per group over every version, each ticket taken as it was at the end of the window) equal the live ones
 * for random windows; and a wallboard tile bound to a
 * ticket metric — in total, of one ticket type, of one handler, of both — shows the same number through the widget
 * path live (the snapshot's ticket block read by the widget spec) as through its history (the widget's query).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import {
  createTicket, dayWindow, defaultTenantSettings, figuresFromRow, liveTickets, moveTicket, noTicketFigures, snapshot, TenantLive, TICKET_GROUPS, TICKET_METRICS,
  ticketFigures, ticketFiguresSql, ticketLiveValue, type Ticket, type TicketStatus,
} from '@callboard/metrics';
import { historyData, historyParams, liveData, servedLive, Widget } from '@callboard/widgets';
import { parseQuery } from '../apps/ingest/src/query/query-parser.ts';
import { runQuery } from '../apps/ingest/src/query/query-runner.ts';
import { snapshotRow, versionRow } from '../apps/ingest/src/tickets/log-store.ts';
import { testClickHouse } from './support/clickhouse.ts';
import { raceFields } from './support/ticket-race.ts';

const T0 = Date.parse('2026-11-20T07:00:00.000Z');
const HOUR = 3600_000;
const TEAM = [{ id: 'h1', name: 'Ana' }, { id: 'h2', name: 'Bogdan' }];
const TYPES = ['fault', 'maintenance'];

/** One ticket's story: when it was opened, its type and handler, its schedule, and how far along the flow it went, when. */
const story = fc.record({
  openedAt: fc.integer({ min: 0, max: 72 }),
  type: fc.constantFrom(...TYPES),
  handler: fc.option(fc.constantFrom(0, 1), { nil: null }),
  scheduleIn: fc.integer({ min: -24, max: 48 }),
  steps: fc.array(fc.integer({ min: 1, max: 24 }), { maxLength: 3 }),
  cancelAt: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
});

type Story = typeof story extends fc.Arbitrary<infer T> ? T : never;

/** Plays a story through the pure steps; every stored version is kept, as the engine writes a snapshot per change. */
function play(i: number, s: Story, tenant: string): { versions: Ticket[] } {
  const by = { id: 'u', name: 'U' };
  let at = T0 + s.openedAt * HOUR;
  const fields = { ...raceFields(`#${i}`, by), type: s.type };
  let t = createTicket({ id: `INT-${i + 1}`, tenant, series: 'INT', number: i + 1, fields, source: null, at, by }).ticket;
  const versions = [t];
  const flow: TicketStatus[] = ['allocated', 'allocated_confirmed', 'finalised'];
  for (const [k, gap] of s.steps.entries()) {
    at += gap * HOUR;
    const to: TicketStatus = s.cancelAt === k ? 'cancelled' : flow[k];
    const extras = to === 'allocated' ? { scheduledStart: at + s.scheduleIn * HOUR, scheduledEnd: at + (s.scheduleIn + 2) * HOUR, team: s.handler === null ? [TEAM[0], TEAM[1]] : [TEAM[s.handler]] } : {};
    const out = moveTicket(t, to, extras, at);
    if (!out.ok) break;
    t = out.ticket;
    versions.push(t);
    if (to === 'cancelled') break;
  }
  return { versions };
}

/**
 * Stories that exercise every figure, run first (fast-check `examples`) so that the coverage checks after each
 * property never depend on what the random draws happened to reach: one ticket finalised at 12:00Z (opened 09:00Z),
 * one allocated at 11:00Z for 08:00–10:00Z (overdue), one opened at 11:00Z and left new (backlog).
 */
const EVERY_FIGURE: Story[] = [
  { openedAt: 2, type: 'fault', handler: 0, scheduleIn: 1, steps: [1, 1, 1], cancelAt: null },
  { openedAt: 3, type: 'maintenance', handler: 1, scheduleIn: -3, steps: [1], cancelAt: null },
  { openedAt: 4, type: 'fault', handler: null, scheduleIn: 0, steps: [], cancelAt: null },
];

let ch: ClickHouseClient;
beforeAll(async () => { ({ client: ch } = await testClickHouse()); });
afterAll(async () => ch?.close());

describe('ticket metrics - live = SQL', () => {
  it('agree - random histories, random windows, every grouping', async () => {
    let run = 0;
    const seen = { opened: 0, finalised: 0, backlog: 0, overdue: 0 };
    await fc.assert(fc.asyncProperty(fc.array(story, { minLength: 1, maxLength: 25 }), fc.integer({ min: -12, max: 100 }), fc.integer({ min: 1, max: 120 }), async (stories, fromH, lenH) => {
      const tenant = `agree${run++}`;
      const played = stories.map((s, i) => play(i, s, tenant));
      // every version, in reverse: the SQL takes each ticket's last version made by the end of the window
      await ch.insert({ table: 'ticket_versions', values: played.flatMap((p) => p.versions.map((v, k) => versionRow(v, k + 1))).reverse(), format: 'JSONEachRow' });
      const from = T0 + fromH * HOUR;
      const to = from + lenH * HOUR;
      // What the engine held at `to`: each ticket's last version made by then (the window may end before later changes).
      const asOfTo = played.flatMap((p) => p.versions.filter((v) => v.updatedAt <= to).slice(-1));
      for (const by of TICKET_GROUPS) {
        const live = ticketFigures(asOfTo, from, to, by);
        if (by === 'none') for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] += live[0]?.[k] ?? 0;
        const res = await ch.query({ query: ticketFiguresSql(by), query_params: { tenant, from, to }, format: 'JSONEachRow' });
        const sql = (await res.json<Record<string, unknown>>()).map(figuresFromRow);
        expect(sql, by).toEqual(live);
        for (const m of TICKET_METRICS) expect(sql.map((f) => m.value(f))).toEqual(live.map((f) => m.value(f)));
      }
    }), { numRuns: 30, examples: [[EVERY_FIGURE, 0, 24]] });
    // the histories did exercise every figure
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  }, 120_000);
});

describe('ticket metrics - a wallboard tile live = its history', () => {
  const TZ = 'Europe/Bucharest';
  const settings = defaultTenantSettings(TZ);
  it('agree - random histories, at random moments, every ticket metric in total, by type, by handler, live snapshot vs the widget\'s history', async () => {
    let run = 0;
    const seen = { opened: 0, finalised: 0, backlog: 0, overdue: 0 };
    await fc.assert(fc.asyncProperty(fc.array(story, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 120 * 60 }), fc.boolean(), async (stories, atMin, afterLast) => {
      const tenant = `tile${run++}`;
      const played = stories.map((s, i) => play(i, s, tenant));
      // A random moment, or half an hour after the last finalisation (else the last change), so that tickets finalised today are common.
      const last = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
      const finalisedAt = last(played.flatMap((p) => p.versions.flatMap((v) => (v.finalisedAt === null ? [] : [v.finalisedAt]))));
      const moment = afterLast ? (finalisedAt ?? last(played.flatMap((p) => p.versions.map((v) => v.updatedAt)))!) + 1_800_000 : T0 + atMin * 60_000 + 30_000;
      // What the engine holds at `moment`: each ticket's last version changed by then (later changes have not happened yet).
      const held = played.map((p) => p.versions.map((v, k) => ({ v, k })).filter(({ v }) => v.updatedAt <= moment)).filter((vs) => vs.length);
      const rows = held.flatMap((vs) => vs.map(({ v, k }) => versionRow(v, k + 1)));
      if (rows.length) await ch.insert({ table: 'ticket_versions', values: rows, format: 'JSONEachRow' });
      const latest = held.map((vs) => vs.at(-1)!.v);
      const day = dayWindow(moment, TZ);
      const tickets = liveTickets(latest, day.start, moment);
      for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] += tickets.total[k];
      const snap = snapshot(new TenantLive(tenant, settings), moment, undefined, tickets);
      const filters = [{}, { ticketTypes: ['fault'] }, { ticketTypes: ['maintenance', 'fault'] }, { handlers: ['h1'] }, { handlers: ['h2'] }, { ticketTypes: ['fault'], handlers: ['h2'] }];
      for (const [m, f] of TICKET_METRICS.flatMap((m) => filters.map((f) => [m, f] as const))) {
        const w = Widget.parse({ id: 't', kind: 'tile', layout: { x: 0, y: 0, w: 2, h: 2 }, metrics: [m.id], window: { kind: 'today' }, filters: f });
        const series = [{ id: m.id, label: m.label, unit: m.unit, higherIsBetter: m.higherIsBetter, source: 'catalogue' as const }];
        const base = { series, now: moment, timezone: TZ };
        // The browser's value of a ticket metric in a group (apps/web live-values: ticketLiveValue over the group's figures).
        // Type and handler at once is not in the snapshot: the tile reads history, and live is the figures over the tickets.
        const fromSnapshot = servedLive(w);
        expect(fromSnapshot).toBe(!('ticketTypes' in f && 'handlers' in f));
        const live = fromSnapshot
          ? liveData(w, snap, { base, valueIn: (s, g) => ticketLiveValue(s.id, g.tickets) ?? null }) as { value: number | null }
          : { value: m.value(ticketFigures(latest, day.start, moment, 'none', { types: w.filters.ticketTypes, handlers: w.filters.handlers })[0] ?? noTicketFigures()) };
        const q = parseQuery({ ...historyParams(w, day.day, moment), to: new Date(moment).toISOString() }, tenant, TZ);
        const res = await runQuery(ch, q, settings, undefined, moment);
        const hist = historyData(w, res, { base, today: day.day }) as { value: number | null };
        expect(hist.value, `${m.id} ${JSON.stringify(f)}: live ${live.value} vs history ${hist.value}`).toBe(live.value);
        if (!Object.keys(f).length) expect(live.value).toBe(m.value(tickets.total));
      }
    }), { numRuns: 20, examples: [[EVERY_FIGURE, 0, true]] }); // 30 tiles a run: ~40 s
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  }, 180_000);
});

describe('ticket metrics - tickets stored before the versions table', () => {
  it('migration 014 copies each ticket\'s last snapshot as its one version, once however often it runs: such tickets count as they are now, as before', async () => {
    const tenant = 'before-versions';
    // Allocated to Ana an hour after opening, then confirmed and finalised: `tickets` keeps only the last snapshot.
    const played = [0, 1, 2].map((i) => play(i, { openedAt: i, type: TYPES[i % 2], handler: 0, scheduleIn: 1, steps: [1, 1, 1], cancelAt: i === 2 ? 1 : null }, tenant));
    await ch.insert({ table: 'tickets', values: played.flatMap((p) => p.versions.map((v, k) => snapshotRow(v, k + 1))), format: 'JSONEachRow' });
    const { migrate } = await import('../apps/ingest/src/store/migrate.ts');
    for (let run = 0; run < 2; run++) {
      await ch.command({ query: 'ALTER TABLE schema_migrations DELETE WHERE version = 14 SETTINGS mutations_sync = 1' });
      expect(await migrate(ch)).toEqual(['014_ticket_versions.sql']);
    }
    const stored = await (await ch.query({ query: `SELECT id, version, updated_at = created_at AS at_creation, status FROM ticket_versions FINAL WHERE tenant = '${tenant}' ORDER BY id`, format: 'JSONEachRow' })).json<Record<string, unknown>>();
    expect(stored).toEqual(played.map((p) => ({ id: p.versions[0].id, version: p.versions.length, at_creation: 1, status: p.versions.at(-1)!.status })));
    // A window ending before the later changes: each ticket as it is now (the only version there is), from its creation on.
    const latest = played.map((p) => p.versions.at(-1)!);
    for (const by of TICKET_GROUPS) {
      const res = await ch.query({ query: ticketFiguresSql(by), query_params: { tenant, from: T0, to: T0 + 90 * 60_000 }, format: 'JSONEachRow' });
      expect((await res.json<Record<string, unknown>>()).map(figuresFromRow), by).toEqual(ticketFigures(latest, T0, T0 + 90 * 60_000, by));
    }
  });
});
