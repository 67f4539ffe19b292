/**
 * Late data for the backfill tests: calls on earlier local days (the backfill) and calls of the
 * last hour (today's live traffic), as a fast-check arbitrary; the call facts each call must give
 * (what a fresh engine gives: its wait, day, outcome, talk); and readers of what the engine stored.
 */
import fc from 'fast-check';
import { dayWindow, type CallEvent } from '@callboard/metrics';
import { eventFactory } from '../../packages/metrics/src/testing/events.ts';
import type { TestEngine } from './identity.ts';

export interface Call {
  /** Local days back from today (0 = today). */
  daysBack: number;
  /** Offset of the offer: into its local day (backfill), or before now (today), ms. */
  at: number;
  queue: string;
  agent: string;
  outcome: 'answered' | 'abandoned' | 'exited';
  waitMs: number;
  talkMs: number;
  /** The PBX reports waitMs / talkMs (else the engine derives them from timestamps). */
  reported: boolean;
}

const call = (daysBack: fc.Arbitrary<number>, at: fc.Arbitrary<number>): fc.Arbitrary<Call> => fc.record({
  daysBack,
  at,
  queue: fc.constantFrom('sales', 'support'),
  agent: fc.constantFrom('anna', 'bruno', 'carla', 'dario'),
  outcome: fc.constantFrom('answered', 'answered', 'abandoned', 'exited') as fc.Arbitrary<Call['outcome']>,
  waitMs: fc.oneof(fc.constantFrom(0, 20_000, 30_000), fc.integer({ min: 0, max: 180_000 })),
  talkMs: fc.integer({ min: 1_000, max: 900_000 }),
  reported: fc.boolean(),
});

/** Offers anywhere in a local day (near midnight too: calls that end on the next day), 1 to 30 days back. */
export const backfillCall = call(fc.integer({ min: 1, max: 30 }), fc.oneof(
  fc.integer({ min: 0, max: 86_399_000 }),
  fc.integer({ min: 86_000_000, max: 86_399_000 }),
));
/** Offers between 80 and 20 minutes ago: finished before the test reads them, in today's live state. */
export const todayCall = call(fc.constant(0), fc.integer({ min: 20 * 60_000, max: 80 * 60_000 }));

/** The offer time of a call. */
export function offerAt(c: Call, now: number, timezone: string): number {
  if (c.daysBack === 0) return now - c.at;
  let w = dayWindow(now, timezone);
  for (let i = 0; i < c.daysBack; i++) w = dayWindow(w.start - 1, timezone);
  return w.start + c.at;
}

/** Each call's events, in time order; call ids start with `prefix`. */
export function eventsOf(tenant: string, prefix: string, calls: Call[], now: number, timezone: string): CallEvent[] {
  const f = eventFactory(tenant, `${prefix}-e`);
  const evs: CallEvent[] = [];
  calls.forEach((c, i) => {
    const id = `${prefix}${i}`;
    const t0 = offerAt(c, now, timezone);
    const left = t0 + c.waitMs;
    const w = c.reported ? c.waitMs : undefined;
    evs.push(f.offered(t0, id, c.queue));
    if (c.outcome === 'abandoned') evs.push(f.abandoned(left, id, c.queue, w));
    else if (c.outcome === 'exited') evs.push(f.exited(left, id, c.queue, 'timeout', w));
    else {
      evs.push(f.answered(left, id, c.queue, c.agent, w));
      evs.push(f.ended(left + c.talkMs, id, c.queue, c.agent, c.reported ? c.talkMs : undefined));
    }
  });
  return evs.sort((a, b) => a.ts - b.ts);
}

export interface StoredFact {
  fact_id: string;
  day: string;
  outcome: string;
  wait_ms: number;
  talk_ms: number;
  agent: string;
}

/** The facts each call must give, by fact id. */
export function expectedFacts(prefix: string, calls: Call[], now: number, timezone: string): StoredFact[] {
  return calls.map((c, i) => ({
    fact_id: `${prefix}${i}|${c.queue}`,
    day: dayWindow(offerAt(c, now, timezone), timezone).day,
    outcome: c.outcome,
    wait_ms: c.waitMs,
    talk_ms: c.outcome === 'answered' ? c.talkMs : 0,
    agent: c.outcome === 'answered' ? c.agent : '',
  })).sort(byId);
}

const byId = (a: StoredFact, b: StoredFact) => (a.fact_id < b.fact_id ? -1 : a.fact_id > b.fact_id ? 1 : 0);

/** Every stored fact row of a tenant (duplicates included: a fact stored twice shows twice). */
export async function storedFacts(e: TestEngine, tenant: string): Promise<StoredFact[]> {
  const rs = await e.running.services.ch.query({
    query: `SELECT fact_id, toString(day) AS day, outcome, wait_ms, talk_ms, toString(agent) AS agent
            FROM call_facts WHERE tenant = {tenant:String} ORDER BY fact_id, day`,
    query_params: { tenant }, format: 'JSONEachRow',
  });
  return (await rs.json<StoredFact>()).map((r) => ({ ...r, wait_ms: Number(r.wait_ms), talk_ms: Number(r.talk_ms) }));
}

/** Wait until every tenant has stored `count` facts (or give up after ms). */
export async function untilStored(e: TestEngine, counts: Record<string, number>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const have = await Promise.all(Object.keys(counts).map(async (t) => (await storedFacts(e, t)).length));
    if (Object.values(counts).every((n, i) => have[i] >= n)) return;
    if (Date.now() > deadline) throw new Error(`facts not stored within ${ms} ms: want ${JSON.stringify(counts)}, have ${have}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
