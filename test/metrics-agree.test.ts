/**
 * The property behind "one definition per metric": for random event streams (with duplicates,
 * local shuffles and lost call.offered), every catalogue metric's live value equals its SQL value
 * computed by ClickHouse over the facts the same reducer emitted. The catalogue's callback metrics
 * likewise: for random callback histories, the live value over the requests equals the SQL value over
 * callback_history at the same moment, through the same query path (GET /metrics). And the ticket metrics: for
 * random ticket operations (open, allocate, confirm, finalise, cancel, change type, reassign, reschedule) written as
 * the engine writes them, the live values (the snapshot's ticket block, as a wallboard reads it) equal the SQL values
 * (GET /metrics over the `tickets` snapshots) — in total, by ticket type and by handler.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALLBACK_METRICS, Deduper, METRICS, TICKET_METRICS, TenantLive, applyStep, callbackFigures, callbackSettings, createTicket, dayWindow, defaultTenantSettings,
  editTicket, filteredLiveTickets, historyRows, liveTickets, metricValues, moveTicket, noCallbackFigures, noTicketFigures, normaliseCaller, ticketFigures,
  type Actor, type CallEvent, type CallbackFigures, type CallbackRequest, type CallbackStep, type Person, type Ticket, type TicketFigures,
  type TicketStepResult, type TenantSettings,
} from '@callboard/metrics';
import pino from 'pino';
import { CallbackHistoryStore } from '../apps/ingest/src/callbacks/history-store.ts';
import { logRows, TicketLogStore } from '../apps/ingest/src/tickets/log-store.ts';
import { raceFields } from './support/ticket-race.ts';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { createRepository } from '../apps/ingest/src/store/repository.ts';
import { parseQuery } from '../apps/ingest/src/query/query-parser.ts';
import { runQuery } from '../apps/ingest/src/query/query-runner.ts';
import { buildStatements } from '../apps/ingest/src/query/query-builder.ts';
import { metricRollupSql } from '@callboard/metrics';
import { testClickHouse } from './support/clickhouse.ts';

const DAY_START = Date.parse('2026-11-20T07:00:00.000Z'); // 08:00 in Rome
const AGENTS = ['anna', 'bruno', 'carla', 'dario'];
const QUEUES = ['sales', 'vip'];

const settings: TenantSettings = {
  ...defaultTenantSettings('Europe/Rome'),
  queues: { vip: { slThresholdMs: 30_000, shortAbandonMs: 3_000, trefMs: 15_000, tlimMs: 45_000, beta: 0.1 } },
};

const edgeWait = fc.oneof(
  fc.constantFrom(0, 2_999, 3_000, 4_999, 5_000, 15_000, 20_000, 30_000, 45_000, 60_000),
  fc.integer({ min: 0, max: 120_000 }),
);
const Call = fc.record({
  queue: fc.constantFrom(...QUEUES),
  at: fc.integer({ min: 0, max: 10 * 3600_000 }),
  outcome: fc.constantFrom('answered', 'answered', 'abandoned', 'exited', 'transferred'),
  wait: edgeWait,
  talk: fc.integer({ min: 1_000, max: 600_000 }),
  wrap: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: null }),
  agent: fc.constantFrom(...AGENTS),
  reportWait: fc.boolean(),
  loseOffer: fc.integer({ min: 0, max: 9 }).map((n) => n < 2), // ~20 %: drawn by fast-check, so a failing seed replays
  reason: fc.constantFrom('timeout', 'key', 'empty', 'full') as fc.Arbitrary<'timeout' | 'key' | 'empty' | 'full'>,
});
const Scenario = fc.record({
  calls: fc.array(Call, { minLength: 1, maxLength: 60 }),
  duplicates: fc.array(fc.nat(), { maxLength: 20 }),
  swaps: fc.array(fc.nat(), { maxLength: 30 }),
  pauses: fc.array(fc.record({ agent: fc.constantFrom(...AGENTS), at: fc.integer({ min: 0, max: 10 * 3600_000 }), len: fc.integer({ min: 1_000, max: 900_000 }) }), { maxLength: 5 }),
});

function streamOf(tenant: string, sc: fc.RecordConstraints extends never ? never : typeof Scenario extends fc.Arbitrary<infer S> ? S : never): CallEvent[] {
  const f = eventFactory(tenant);
  const evs: CallEvent[] = AGENTS.map((a) => f.agent(DAY_START - 60_000, a, 'ready', QUEUES));
  sc.calls.forEach((c, i) => {
    const id = `call${i}`;
    const t0 = DAY_START + c.at;
    if (!c.loseOffer) evs.push(f.offered(t0, id, c.queue));
    const left = t0 + c.wait;
    const w = c.reportWait ? c.wait : undefined;
    if (c.outcome === 'abandoned') evs.push(f.abandoned(left, id, c.queue, w));
    else if (c.outcome === 'exited') evs.push(f.exited(left, id, c.queue, c.reason, w));
    else {
      evs.push(f.answered(left, id, c.queue, c.agent, w));
      if (c.outcome === 'transferred') evs.push(f.transferred(left + c.talk, id, c.queue, c.agent, '2001'));
      else evs.push(f.ended(left + c.talk, id, c.queue, c.agent, c.reportWait ? c.talk : undefined));
      if (c.wrap !== null) {
        evs.push(f.agent(left + c.talk, c.agent, 'wrap_up'));
        evs.push(f.agent(left + c.talk + c.wrap, c.agent, 'ready'));
      }
    }
  });
  for (const p of sc.pauses) {
    evs.push(f.agent(DAY_START + p.at, p.agent, 'paused', undefined, 'break'));
    evs.push(f.agent(DAY_START + p.at + p.len, p.agent, 'ready'));
  }
  evs.push(...AGENTS.map((a) => f.agent(DAY_START + 12 * 3600_000, a, 'logged_out')));
  evs.sort((a, b) => a.ts - b.ts);
  // Out of order by a little: swap neighbours; and re-deliver some events.
  for (const s of sc.swaps) {
    const i = s % Math.max(1, evs.length - 1);
    if (i + 1 < evs.length && Math.abs(evs[i + 1].ts - evs[i].ts) < 5_000) [evs[i], evs[i + 1]] = [evs[i + 1], evs[i]];
  }
  for (const d of sc.duplicates) {
    const src = evs[d % evs.length];
    evs.splice(Math.min(evs.length, (d % evs.length) + 3), 0, src);
  }
  return evs;
}

const close = (a: number | null, b: number | null) =>
  (a === null && b === null) || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

describe('every catalogue metric: live value = SQL value', () => {
  let ch: Awaited<ReturnType<typeof testClickHouse>>;
  beforeAll(async () => { ch = await testClickHouse(); });
  afterAll(async () => { await ch.client.close(); });

  it('holds on random streams with duplicates, shuffles and lost offers', async () => {
    const repo = createRepository(ch.client);
    let run = 0;
    await fc.assert(fc.asyncProperty(Scenario, async (sc) => {
      const tenant = `prop${run++}`;
      const live = new TenantLive(tenant, settings);
      const dedupe = new Deduper('Europe/Rome');
      for (const ev of streamOf(tenant, sc)) if (dedupe.add(ev.id, ev.ts)) live.apply(ev, ev.ts);
      live.flush();
      const out = live.drain();
      await repo.insertFacts(out.facts, () => 400);
      await repo.insertIntervals(out.intervals, () => 400);

      const q = (groupBy?: string) => runQuery(ch.client, parseQuery({ from: '2026-11-20', to: '2026-11-20', ...(groupBy ? { groupBy } : {}) }, tenant, 'Europe/Rome'), settings);
      const [total] = (await q()).rows;
      const liveTotal = metricValues(live.total, true);
      for (const m of METRICS) {
        expect(close(liveTotal[m.id], total.metrics[m.id]), `${m.id}: live ${liveTotal[m.id]} vs SQL ${total.metrics[m.id]}`).toBe(true);
      }
      for (const row of (await q('queue')).rows) {
        const lv = metricValues(live.queueTotals.get(row.key.queue!), false);
        for (const m of METRICS.filter((x) => x.source === 'calls')) {
          expect(close(lv[m.id], row.metrics[m.id]), `${row.key.queue} ${m.id}: live ${lv[m.id]} vs SQL ${row.metrics[m.id]}`).toBe(true);
        }
      }
      // The hourly rollup gives the same numbers as the facts for the metrics it can serve.
      const rollable = METRICS.filter((m) => metricRollupSql(m) !== null).map((m) => m.id).join(',');
      for (const groupBy of ['queue', 'agent,channel', 'hour']) {
        const query = parseQuery({ from: '2026-11-20', to: '2026-11-20', groupBy, metrics: rollable }, tenant, 'Europe/Rome');
        expect(buildStatements(query, settings)[0].table).toBe('call_rollup_hourly');
        const fromRollup = await runQuery(ch.client, query, settings);
        const fromFacts = await runQuery(ch.client, query, settings, 'call_facts');
        expect(fromRollup.rows, groupBy).toEqual(fromFacts.rows);
      }
      for (const row of (await q('agent')).rows) {
        const lv = metricValues(live.agentTotals.get(row.key.agent!), true);
        for (const m of METRICS) {
          expect(close(lv[m.id], row.metrics[m.id]), `${row.key.agent} ${m.id}: live ${lv[m.id]} vs SQL ${row.metrics[m.id]}`).toBe(true);
        }
      }
    }), { numRuns: 40 });
  }, 300_000); // ~6 s alone; generous for a loaded CI machine
});

const CB_PHONES = ['0611111111', '0622222222', '0633333333', '0644444444', '0655555555', '0666666666'];
const CB_KINDS = ['missed', 'missed', 'missed', 'inbound', 'outbound', 'book', 'book', 'release', 'attempt', 'hide', 'restore', 'close', 'expire'] as const;
const CbStep = fc.record({ kind: fc.constantFrom(...CB_KINDS), caller: fc.nat(CB_PHONES.length - 1), queue: fc.nat(QUEUES.length - 1), gapMin: fc.integer({ min: 1, max: 40 }), answered: fc.boolean() });
const CB_SETTINGS = callbackSettings({ maxAttempts: 3, minAttemptDelayMs: 0, retentionDays: 1 });
const anna: Actor = { id: 'u-anna', name: 'Anna', supervisor: false };
const sara: Actor = { id: 'u-sara', name: 'Sara', supervisor: true };

describe('every callback metric: live value = SQL value', () => {
  let ch: Awaited<ReturnType<typeof testClickHouse>>;
  beforeAll(async () => { ch = await testClickHouse(); });
  afterAll(async () => { await ch.client.close(); });

  it('holds at random moments of random callback histories, in total, by queue and for one queue', async () => {
    const history = new CallbackHistoryStore(ch.client, pino({ level: 'silent' }), () => 400);
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(CbStep, { minLength: 1, maxLength: 40 }), fc.nat(), fc.integer({ min: 0, max: 59_000 }), async (steps, cutAt, afterMs) => {
      const tenant = `cbprop${run++}`;
      const cut = cutAt % steps.length;
      const requests = new Map<string, CallbackRequest>();
      let asOfCut = new Map<string, CallbackRequest>();
      let at = DAY_START;
      let cutTime = DAY_START;
      let revision = 0;
      steps.forEach((s, i) => {
        at += s.gapMin * 60_000;
        const caller = normaliseCaller(CB_PHONES[s.caller], 'IT');
        const queue = QUEUES[s.queue];
        const step: CallbackStep = (() => {
          switch (s.kind) {
            case 'missed': return { kind: 'missed', at, tenant, caller, channel: 'voice', queue, callId: `c${i}` };
            case 'inbound': return { kind: 'answered_inbound', at, queue, callId: `c${i}`, agent: 'a1' };
            case 'outbound': return { kind: 'outbound', at, callId: `o${i}`, agent: 'a1', outcome: s.answered ? 'answered' : 'no_answer' };
            case 'book': return { kind: 'book', at, by: anna };
            case 'release': return { kind: 'release', at, by: anna };
            case 'attempt': return { kind: 'attempt', at, by: anna, outcome: s.answered ? 'answered' : 'busy' };
            case 'hide': return { kind: 'hide', at, by: sara, reason: 'x' };
            case 'restore': return { kind: 'restore', at, by: sara };
            case 'close': return { kind: 'force_close', at, by: sara, reason: 'x' };
            default: return { kind: 'expire', at };
          }
        })();
        const out = applyStep(requests.get(caller.key) ?? null, step, CB_SETTINGS);
        if (out.ok && out.changed) {
          requests.set(caller.key, out.request);
          history.append(historyRows(out.request, out.history, ++revision));
        }
        if (i === cut) { asOfCut = new Map(requests); cutTime = at; }
      });
      await history.flush();
      // A moment after the cut step and before the next one (steps are at least a minute apart).
      const moment = cutTime + afterMs;
      const live = callbackFigures(asOfCut.values(), moment);
      const ids = CALLBACK_METRICS.map((m) => m.id).join(',');
      const query = (extra: { groupBy?: string; queue?: string }) =>
        runQuery(ch.client, parseQuery({ from: '2026-11-20', to: new Date(moment).toISOString(), metrics: ids, ...extra }, tenant, 'Europe/Rome'), settings, undefined, moment + 86_400_000);
      const expectRow = (label: string, sqlRow: Record<string, number | null> | undefined, figures: CallbackFigures | undefined) => {
        for (const m of CALLBACK_METRICS) {
          const lv = m.live(figures ?? noCallbackFigures(), moment);
          expect(close(lv, sqlRow?.[m.id] ?? null), `${label} ${m.id}: live ${lv} vs SQL ${sqlRow?.[m.id]}`).toBe(true);
        }
      };
      const total = await query({});
      expect(total.metrics).toEqual(CALLBACK_METRICS.map((m) => m.id));
      expectRow('total', total.rows[0]?.metrics, live.get(''));
      const byQueue = await query({ groupBy: 'queue' });
      const sqlQueues = new Map(byQueue.rows.map((r) => [r.key.queue!, r.metrics]));
      for (const q of new Set([...sqlQueues.keys(), ...[...live.keys()].filter((k) => k !== '')])) expectRow(q, sqlQueues.get(q), live.get(q));
      const sales = await query({ queue: 'sales' });
      expectRow('queue=sales', sales.rows[0]?.metrics, live.get('sales'));
    }), { numRuns: 30 });
    await history.close();
  }, 300_000);
});

const TK_TYPES = ['repair', 'installation', 'complaint'];
const TK_PEOPLE: Person[] = [{ id: 'u-maria', name: 'Maria' }, { id: 'u-ion', name: 'Ion' }, { id: 'u-elena', name: 'Elena' }];
// 'advance': the next status along the flow (taken → allocated with a schedule and team → confirmed → finalised).
const TK_KINDS = ['open', 'open', 'advance', 'advance', 'advance', 'advance', 'cancel', 'retype', 'reassign', 'reschedule'] as const;
const NEXT = { taken: 'allocated', allocated: 'allocated_confirmed', allocated_confirmed: 'finalised' } as const;
const TkStep = fc.record({
  // Which ticket an operation works: the most recent (0), the one before… so that many go the whole flow.
  kind: fc.constantFrom(...TK_KINDS), ticket: fc.nat(3), type: fc.nat(TK_TYPES.length - 1), person: fc.nat(TK_PEOPLE.length - 1),
  gapMin: fc.integer({ min: 1, max: 50 }), scheduleMin: fc.integer({ min: -240, max: 360 }), lengthMin: fc.integer({ min: 15, max: 240 }),
});

type TkStepValue = typeof TkStep extends fc.Arbitrary<infer T> ? T : never;
const tk = (kind: TkStepValue['kind'], o: Partial<TkStepValue> = {}): TkStepValue => ({ kind, ticket: 0, type: 0, person: 0, gapMin: 1, scheduleMin: 30, lengthMin: 60, ...o });
/**
 * Operations that exercise every figure, run first (fast-check `examples`) so that the coverage check does not hang on
 * the random draws: a ticket taken to finalised, one allocated for a slot that ended hours ago (overdue), one left new.
 */
const EVERY_TICKET_FIGURE: TkStepValue[] = [
  tk('open'), tk('advance'), tk('advance'), tk('advance'),
  tk('open', { type: 1, person: 1 }), tk('advance', { person: 1, scheduleMin: -240, lengthMin: 15 }),
  tk('open', { type: 2, person: 2 }),
];
/**
 * Cut after the second step (a ticket allocated to person 0), then the ticket is moved to another type, handed to
 * another person and rescheduled: at the cut it counts as it was then (its type, its handler, its slot), not as now.
 */
const CHANGED_AFTER_THE_CUT: TkStepValue[] = [
  tk('open'), tk('advance', { scheduleMin: -240, lengthMin: 15 }),
  tk('retype', { type: 1 }), tk('reassign', { person: 1 }), tk('reschedule', { scheduleMin: 120 }),
];

describe('every ticket metric: live value = SQL value', () => {
  let ch: Awaited<ReturnType<typeof testClickHouse>>;
  beforeAll(async () => { ch = await testClickHouse(); });
  afterAll(async () => { await ch.client.close(); });

  it('holds at random moments of random ticket operations, in total, by type, by handler and by both, filtered and grouped, now and at an earlier moment', async () => {
    const store = new TicketLogStore(ch.client, pino({ level: 'silent' }), 10);
    const ids = TICKET_METRICS.map((m) => m.id).join(',');
    let run = 0;
    const seen = { opened: 0, finalised: 0, backlog: 0, overdue: 0, typed: 0, handled: 0, asOfThen: 0 };
    await fc.assert(fc.asyncProperty(fc.array(TkStep, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 59_000 }), fc.nat(), async (steps, afterMs, cutAt) => {
      const tenant = `tkprop${run++}`;
      const tickets: Ticket[] = [];
      let at = DAY_START;
      let revision = 0;
      // Each operation as the ticket service runs it: the pure step, then the stored ticket's log rows and snapshot queued.
      const store1 = (r: TicketStepResult, i: number) => {
        if (!r.ok || r.ticket === tickets[i]) return; // refused by the flow, or nothing changed: nothing stored
        tickets[i] = r.ticket;
        store.append(r.ticket, ++revision, logRows(r.ticket, revision, r.lines, at, TK_PEOPLE[0]));
      };
      // The tickets as they were after step `cut` (a past moment the SQL must answer for, changes made since or not).
      const cut = cutAt % steps.length;
      let past: { tickets: Ticket[]; at: number } | undefined;
      for (const [n, s] of steps.entries()) {
        if (n === cut + 1) past = { tickets: [...tickets], at };
        at += s.gapMin * 60_000;
        const person = TK_PEOPLE[s.person];
        if (s.kind === 'open' || tickets.length === 0) {
          const n = tickets.length + 1;
          const { ticket, lines } = createTicket({ id: `INT-${n}`, tenant, series: 'INT', number: n, fields: { ...raceFields(`#${n}`, person), type: TK_TYPES[s.type] }, source: null, at, by: person });
          tickets.push(ticket);
          store.append(ticket, ++revision, logRows(ticket, revision, lines, at, person));
          continue;
        }
        const i = Math.max(0, tickets.length - 1 - s.ticket);
        const t = tickets[i];
        const start = at + s.scheduleMin * 60_000;
        const schedule = { scheduledStart: start, scheduledEnd: start + s.lengthMin * 60_000 };
        switch (s.kind) {
          case 'advance': {
            const to = NEXT[t.status as keyof typeof NEXT];
            if (to) store1(moveTicket(t, to, to === 'allocated' ? { ...schedule, team: [person, TK_PEOPLE[(s.person + 1) % TK_PEOPLE.length]] } : {}, at), i);
            break;
          }
          case 'cancel': store1(moveTicket(t, 'cancelled', {}, at), i); break;
          case 'retype': store1(editTicket(t, { type: TK_TYPES[s.type] }, at), i); break;
          case 'reassign': store1(editTicket(t, { team: [person] }, at), i); break;
          default: store1(editTicket(t, schedule, at), i);
        }
      }
      past ??= { tickets: [...tickets], at };
      await store.flush();
      // A moment after the last operation and before the next would be (operations are at least a minute apart).
      const moment = at + afterMs;
      const day = dayWindow(moment, 'Europe/Rome');
      // Live: what a wallboard reads, the snapshot's ticket block (today and now), summed over the filtered types or handlers.
      const block = liveTickets(tickets, day.start, moment);
      const query = (filter: { ticketType?: string; handler?: string }) =>
        runQuery(ch.client, parseQuery({ from: day.day, to: new Date(moment).toISOString(), metrics: ids, ...filter }, tenant, 'Europe/Rome'), settings, undefined, moment + 86_400_000);
      const expectSame = async (label: string, filter: { ticketType?: string; handler?: string }, live: TicketFigures | undefined) => {
        const [row] = (await query(filter)).rows;
        for (const m of TICKET_METRICS) {
          const lv = m.value(live!);
          expect(close(lv, row?.metrics[m.id] ?? null), `${label} ${m.id}: live ${lv} vs SQL ${row?.metrics[m.id]}`).toBe(true);
        }
      };
      await expectSame('total', {}, filteredLiveTickets(block, { types: [], handlers: [] }));
      for (const k of ['opened', 'finalised', 'backlog', 'overdue'] as const) seen[k] += block.total[k];
      for (const type of TK_TYPES) {
        const live = filteredLiveTickets(block, { types: [type], handlers: [] });
        seen.typed += live!.backlog;
        await expectSame(`type=${type}`, { ticketType: type }, live);
      }
      await expectSame('types=repair,complaint', { ticketType: 'repair,complaint' }, filteredLiveTickets(block, { types: ['repair', 'complaint'], handlers: [] }));
      for (const p of TK_PEOPLE) {
        const live = filteredLiveTickets(block, { types: [], handlers: [p.id] });
        seen.handled += live!.backlog;
        await expectSame(`handler=${p.name}`, { handler: p.id }, live);
      }
      // Grouped (a bar or table of ticket metrics by type or handler): the same groups, named alike, with the same values.
      for (const [groupBy, live] of [['ticketType', block.byType], ['handler', block.byHandler]] as const) {
        const rows = (await runQuery(ch.client, parseQuery({ from: day.day, to: new Date(moment).toISOString(), metrics: ids, groupBy }, tenant, 'Europe/Rome'), settings, undefined, moment + 86_400_000)).rows;
        expect(rows.map((r) => r.key[groupBy]).sort(), `${groupBy} groups`).toEqual(Object.keys(live).sort());
        for (const r of rows) {
          const f = live[r.key[groupBy]!];
          if (groupBy === 'handler') expect(r.label, `handler ${f.key}'s name`).toBe(f.label);
          for (const m of TICKET_METRICS) expect(close(m.value(f), r.metrics[m.id] ?? null), `by ${groupBy} ${f.key} ${m.id}: live ${m.value(f)} vs SQL ${r.metrics[m.id]}`).toBe(true);
        }
      }
      // At the past moment, each ticket as it was then, in total, by type and by handler: the figures live showed then.
      const then = past.at + afterMs;
      const thenDay = dayWindow(then, 'Europe/Rome');
      for (const [by, groupBy] of [['none', undefined], ['type', 'ticketType'], ['handler', 'handler']] as const) {
        const live = ticketFigures(past.tickets, thenDay.start, then, by);
        const rows = (await runQuery(ch.client, parseQuery({ from: thenDay.day, to: new Date(then).toISOString(), metrics: ids, ...(groupBy ? { groupBy } : {}) }, tenant, 'Europe/Rome'), settings, undefined, moment + 86_400_000)).rows
          .filter((r) => by !== 'none' || TICKET_METRICS.some((m) => (r.metrics[m.id] ?? 0) !== 0));
        const keyOf = (r: (typeof rows)[number]) => (groupBy ? r.key[groupBy]! : '');
        expect(rows.map(keyOf).sort(), `then, ${by} groups`).toEqual(live.map((f) => f.key).sort());
        for (const r of rows) {
          const f = live.find((x) => x.key === keyOf(r))!;
          for (const m of TICKET_METRICS) expect(close(m.value(f), r.metrics[m.id] ?? null), `then, ${by} ${f.key} ${m.id}: live ${m.value(f)} vs SQL ${r.metrics[m.id]}`).toBe(true);
        }
        // The tickets as they are now would give other figures for that moment: the versions mattered.
        const now = ticketFigures(tickets, thenDay.start, then, by);
        if (JSON.stringify(now) !== JSON.stringify(live)) seen.asOfThen++;
      }
      // Type and handler at once: the snapshot has not both keys, so live is the same figures over the tickets themselves.
      const both = { types: ['repair'], handlers: ['u-maria'] };
      await expectSame('type=repair handler=maria', { ticketType: 'repair', handler: 'u-maria' }, ticketFigures(tickets, day.start, moment, 'none', both)[0] ?? noTicketFigures());
    }), { numRuns: 30, examples: [[EVERY_TICKET_FIGURE, 30_000, 0], [CHANGED_AFTER_THE_CUT, 10_000, 1]] });
    await store.close();
    // The random operations did exercise every figure, and the filters.
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  }, 300_000);
});
