/**
 * The callback dashboard's SQL (seed 000 totals, daily detail, daily backlog; seed 001 statistics)
 * equals an independent recount over the same history, on random scenarios (fast-check): random
 * missed calls, inbound answers, bookings, attempts, hides, restores, force-closes, flushes and
 * retention over five days, run through the pure reducer, stored in callback_history (real chdb).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyStep, callbackSettings, dayWindow, historyRows, normaliseCaller, type Actor, type CallbackHistoryEntry, type CallbackRequest, type CallbackStep,
} from '@callboard/metrics';
import type { CallbackDashboard } from '@callboard/api';
import { createClickHouse } from '../apps/ingest/src/store/clickhouse.ts';
import { migrate } from '../apps/ingest/src/store/migrate.ts';
import { CallbackHistoryStore } from '../apps/ingest/src/callbacks/history-store.ts';
import { callbackDashboard } from '../apps/ingest/src/callbacks/dashboard.ts';

const TZ = 'Europe/Rome';
const BASE = Date.UTC(2026, 10, 20, 7, 0, 0);
const HOUR = 3600_000;
const SETTINGS = callbackSettings({ maxAttempts: 3, minAttemptDelayMs: 0, retentionDays: 1 });
const PHONES = ['0611111111', '0622222222', '0633333333', '0644444444', '0655555555'];
const QUEUES = ['sales', 'support'];
const anna: Actor = { id: 'u-anna', name: 'Anna', supervisor: false };
const sara: Actor = { id: 'u-sara', name: 'Sara', supervisor: true };

let dir: string;
let ch: ReturnType<typeof createClickHouse>['client'];
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-callbacks-dashboard-'));
  ch = createClickHouse({ dataDir: dir }).client;
  await migrate(ch);
});
afterAll(async () => {
  await ch?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const Kind = fc.constantFrom('missed', 'missed', 'missed', 'inbound', 'outbound', 'book', 'attempt', 'attempt', 'sms', 'hide', 'restore', 'close', 'flush', 'expire');
const Step = fc.record({ kind: Kind, caller: fc.nat(PHONES.length - 1), queue: fc.nat(1), gapMin: fc.integer({ min: 1, max: 20 * 60 }), answered: fc.boolean() });

/** Runs a scenario through the reducer; returns every history entry and the rows stored for them. */
function play(tenant: string, steps: { kind: string; caller: number; queue: number; gapMin: number; answered: boolean }[]) {
  const requests = new Map<string, CallbackRequest>();
  const entries: CallbackHistoryEntry[] = [];
  const rows = [];
  let at = BASE;
  let revision = 0;
  let n = 0;
  for (const s of steps) {
    at += s.gapMin * 60_000;
    const caller = normaliseCaller(PHONES[s.caller], 'IT');
    const queue = QUEUES[s.queue];
    const step: CallbackStep = (() => {
      switch (s.kind) {
        case 'missed': return { kind: 'missed', at, tenant, caller, channel: 'voice', queue, callId: `c${++n}` };
        case 'inbound': return { kind: 'answered_inbound', at, queue, callId: `c${++n}`, agent: 'a1' };
        case 'outbound': return { kind: 'outbound', at, callId: `o${++n}`, agent: 'a1', outcome: s.answered ? 'answered' : 'no_answer' };
        case 'book': return { kind: 'book', at, by: anna };
        case 'attempt': return { kind: 'attempt', at, by: anna, outcome: s.answered ? 'answered' : 'busy' };
        case 'sms': return { kind: 'attempt', at, by: anna, outcome: 'sms_sent' };
        case 'hide': return { kind: 'hide', at, by: sara, reason: 'x' };
        case 'restore': return { kind: 'restore', at, by: sara };
        case 'close': return { kind: 'force_close', at, by: sara, reason: 'x' };
        case 'flush': return { kind: 'flush', at, by: sara, reason: 'x' };
        default: return { kind: 'expire', at };
      }
    })();
    const out = applyStep(requests.get(caller.key) ?? null, step, SETTINGS);
    if (!out.ok || !out.changed) continue;
    revision++;
    requests.set(caller.key, out.request);
    entries.push(...out.history);
    rows.push(...historyRows(out.request, out.history, revision));
  }
  return { entries, rows, end: at };
}

/** The dashboard recounted from the history entries in memory, by a different road than the SQL. */
function recount(entries: CallbackHistoryEntry[], from: string, to: string): Omit<CallbackDashboard, 'timezone'> {
  const day = (ms: number) => dayWindow(ms, TZ).day;
  interface Episode { opened: number; closedAt: number | null; reason: string | null; closedBy: string | null; closedCall: string | null; attempts: CallbackHistoryEntry[]; hidden: boolean }
  const eps = new Map<string, Episode>();
  for (const e of entries) {
    const key = `${e.requestId}#${e.cycle}`;
    let ep = eps.get(key);
    if (!ep) eps.set(key, (ep = { opened: Infinity, closedAt: null, reason: null, closedBy: null, closedCall: null, attempts: [], hidden: false }));
    if (e.action === 'missed') ep.opened = Math.min(ep.opened, e.at);
    if (e.action === 'closed') Object.assign(ep, { closedAt: e.at, reason: e.reason, closedBy: e.actor, closedCall: e.callId });
    if (e.action === 'attempt') ep.attempts.push(e);
    if (e.action === 'hidden') ep.hidden = true;
    if (e.action === 'restored') ep.hidden = false;
  }
  const zero = () => ({ total: 0, servedInbound: 0, handledByCallback: 0, callbacksWithoutAnswer: 0, notHandled: 0, forcedClose: 0, expired: 0, open: 0 });
  const totals = zero();
  const days = new Map<string, ReturnType<typeof zero>>();
  const stats = { byLastStatus: { calledBackOk: 0, smsSent: 0, otherAttempt: 0, noAttempt: 0 }, byRemoval: { automatic: 0, manual: 0, stillListed: 0 } };
  const backlog = new Map<string, { servedInbound: number; handledByCallback: number; forcedClose: number; expired: number; callbacksWithoutAnswer: number }>();
  const bl = (d: string) => backlog.get(d) ?? backlog.set(d, { servedInbound: 0, handledByCallback: 0, forcedClose: 0, expired: 0, callbacksWithoutAnswer: 0 }).get(d)!;
  for (const ep of eps.values()) {
    const d = day(ep.opened);
    if (d >= from && d <= to) {
      const row = days.get(d) ?? days.set(d, zero()).get(d)!;
      for (const c of [row, totals]) {
        c.total++;
        if (ep.reason === 'served_inbound') c.servedInbound++;
        else if (ep.reason === 'handled_by_callback') c.handledByCallback++;
        else if (ep.attempts.some((a) => a.outcome !== 'sms_sent')) c.callbacksWithoutAnswer++;
        else c.notHandled++;
        if (ep.reason === 'forced' || ep.reason === 'flushed') c.forcedClose++;
        if (ep.reason === 'expired') c.expired++;
        if (ep.closedAt === null) c.open++;
      }
      const last = ep.attempts.at(-1)?.outcome;
      if (!last) stats.byLastStatus.noAttempt++;
      else if (last === 'answered') stats.byLastStatus.calledBackOk++;
      else if (last === 'sms_sent') stats.byLastStatus.smsSent++;
      else stats.byLastStatus.otherAttempt++;
      if (ep.closedAt !== null) stats.byRemoval[ep.closedBy === 'system' || ep.closedCall ? 'automatic' : 'manual']++;
      else stats.byRemoval[ep.hidden ? 'manual' : 'stillListed']++;
    }
    if (ep.closedAt !== null && day(ep.closedAt) > d && day(ep.closedAt) >= from && day(ep.closedAt) <= to) {
      const b = bl(day(ep.closedAt));
      if (ep.reason === 'served_inbound') b.servedInbound++;
      if (ep.reason === 'handled_by_callback') b.handledByCallback++;
      if (ep.reason === 'forced' || ep.reason === 'flushed') b.forcedClose++;
      if (ep.reason === 'expired') b.expired++;
    }
    for (const a of ep.attempts) {
      if (a.outcome === 'answered' || a.outcome === 'sms_sent' || day(a.at) <= d || day(a.at) < from || day(a.at) > to) continue;
      bl(day(a.at)).callbacksWithoutAnswer++;
    }
  }
  return {
    from, to, totals,
    days: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([d, c]) => ({ day: d, ...c })),
    backlog: [...backlog].sort(([a], [b]) => a.localeCompare(b)).map(([d, b]) => ({ day: d, ...b })),
    statistics: stats,
  };
}

type StepValue = { kind: string; caller: number; queue: number; gapMin: number; answered: boolean };
const st = (kind: string, caller: number, gapMin: number, answered = false): StepValue => ({ kind, caller, queue: caller % 2, gapMin, answered });
/**
 * A scenario that reaches every figure, run first (fast-check `examples`) so that the coverage check after the property
 * never hangs on the random draws (CI saw no expired request in 40 runs once): served by an inbound call, handled by a
 * callback, tried without an answer, not handled, force-closed (a second cycle), and expired after a day without calls.
 */
const EVERY_FIGURE: StepValue[] = [
  st('missed', 0, 1), st('missed', 1, 10), st('inbound', 1, 10), st('missed', 2, 10), st('book', 2, 5), st('attempt', 2, 5, true),
  st('missed', 3, 10), st('book', 3, 5), st('attempt', 3, 5, false), st('missed', 4, 10), st('missed', 1, 10), st('close', 1, 10),
  st('expire', 0, 1200), st('expire', 0, 1200),
];

describe('callbacks - dashboard', () => {
  it('dashboard - SQL over callback_history equals an independent recount, on random scenarios', async () => {
    let run = 0;
    /** What the scenarios covered, summed: the property must not pass on empty dashboards. */
    const seen = { total: 0, servedInbound: 0, handledByCallback: 0, callbacksWithoutAnswer: 0, notHandled: 0, forcedClose: 0, expired: 0, open: 0, backlogDays: 0 };
    await fc.assert(fc.asyncProperty(fc.array(Step, { minLength: 5, maxLength: 60 }), fc.nat(2), async (steps, skipDays) => {
      const tenant = `p${++run}`;
      const { entries, rows } = play(tenant, steps);
      const store = new CallbackHistoryStore(ch, pino({ level: 'silent' }), () => 30, 0);
      store.append(rows);
      await store.flush();
      const from = dayWindow(BASE + skipDays * 24 * HOUR, TZ).day;
      const to = dayWindow(BASE + 5 * 24 * HOUR, TZ).day;
      const sql = await callbackDashboard(ch, tenant, TZ, { from, to });
      const { timezone: _tz, ...got } = sql;
      expect(got).toEqual(recount(entries, from, to));
      const t = sql.totals;
      expect(t.servedInbound + t.handledByCallback + t.callbacksWithoutAnswer + t.notHandled).toBe(t.total);
      for (const k of Object.keys(t) as (keyof typeof t)[]) seen[k] += t[k];
      seen.backlogDays += sql.backlog.length;
    }), { numRuns: 40, examples: [[EVERY_FIGURE, 0]] });
    for (const [k, v] of Object.entries(seen)) expect(v, k).toBeGreaterThan(0);
  });

  it('dashboard - a queue filter counts the requests whose first missed call was on that queue; hidden requests still count', async () => {
    const { rows } = play('q1', [
      { kind: 'missed', caller: 0, queue: 0, gapMin: 10, answered: false },
      { kind: 'missed', caller: 1, queue: 1, gapMin: 10, answered: false },
      { kind: 'hide', caller: 1, queue: 1, gapMin: 10, answered: false },
      { kind: 'missed', caller: 1, queue: 0, gapMin: 10, answered: false },
    ]);
    const store = new CallbackHistoryStore(ch, pino({ level: 'silent' }), () => 30, 0);
    store.append(rows);
    await store.flush();
    const day = dayWindow(BASE, TZ).day;
    const sales = await callbackDashboard(ch, 'q1', TZ, { from: day, to: day, queue: 'sales' });
    const support = await callbackDashboard(ch, 'q1', TZ, { from: day, to: day, queue: 'support' });
    expect(sales.totals).toMatchObject({ total: 1, open: 1, notHandled: 1 });
    expect(support.totals).toMatchObject({ total: 1, open: 1 });
    expect(support.statistics.byRemoval).toEqual({ automatic: 0, manual: 1, stillListed: 0 });
  });
});
