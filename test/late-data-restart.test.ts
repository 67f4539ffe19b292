/**
 * A restart in the middle of a backfill: the engine stops while backfill reducers hold calls open
 * (offered, not yet answered or ended) and comes back on the same data; the rest of the backfill
 * follows. History is what an uninterrupted engine stores for the same events: each call once,
 * with its fresh-engine wait, day, outcome and talk; today's live state is unchanged.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshot, type CallEvent } from '@callboard/metrics';
import { businessHoursZone } from '../apps/ingest/src/start.ts';
import { bootEngine, type TestEngine } from './support/identity.ts';
import { backfillCall, eventsOf, expectedFacts, storedFacts, todayCall, untilStored } from './support/late-traffic.ts';

const NOW = Date.now();
const TZ = businessHoursZone(NOW);

describe('late data across a restart', () => {
  let e: TestEngine | null = null;
  afterAll(async () => { await e?.stop(); });

  it('a restart mid-backfill stores the same history as an uninterrupted engine', async () => {
    // One fixed sample (seeded: a failure replays), large enough to leave calls open at the cut.
    const [today] = fc.sample(fc.array(todayCall, { minLength: 20, maxLength: 20 }), { seed: 11, numRuns: 1 });
    const [backfill] = fc.sample(fc.array(backfillCall.map((c) => ({ ...c, daysBack: 1 + (c.daysBack % 3) })), { minLength: 150, maxLength: 150 }), { seed: 12, numRuns: 1 });
    e = await bootEngine('late-restart', { CALLBOARD_TIMEZONE: TZ });
    const dir = e.dir;
    const services = () => e!.running.services;
    for (const t of ['ref', 'cut']) await services().tenants.ensure(t, t, TZ);
    const now = Date.now();
    const ev = (t: string) => ({ today: eventsOf(t, 't', today, now, TZ), backfill: eventsOf(t, 'b', backfill, now, TZ) });
    const publish = async (t: string, evs: CallEvent[]) => expect((await services().publisher.publish(t, evs, 'test')).rejected).toEqual([]);
    const [ref, cut] = [ev('ref'), ev('cut')];
    const half = Math.floor(cut.backfill.length / 2);

    await publish('ref', ref.today);
    await publish('ref', ref.backfill);
    await publish('cut', cut.today);
    await publish('cut', cut.backfill.slice(0, half));
    await untilStored(e, { ref: today.length + backfill.length });
    const open = e.running.services.engine.states.get('cut')!.backfills.reduce((n, b) => n + b.legs.size, 0);
    expect(open, 'the backfill reducer holds calls open at the restart').toBeGreaterThan(0);
    const liveBefore = snapshot(services().engine.live('cut')!, Date.now());

    await e.stop();
    e = await bootEngine('late-restart', { CALLBOARD_TIMEZONE: TZ }, dir);
    const rebuilt = services().engine.states.get('cut')!.backfills.reduce((n, b) => n + b.legs.size, 0);
    expect(rebuilt, 'the replay rebuilds the open backfill calls').toBe(open);
    await publish('cut', cut.backfill.slice(half));
    await untilStored(e, { cut: today.length + backfill.length });

    const want = [...expectedFacts('t', today, now, TZ), ...expectedFacts('b', backfill, now, TZ)].sort((x, y) => (x.fact_id < y.fact_id ? -1 : 1));
    expect(await storedFacts(e, 'ref')).toEqual(want);
    expect(await storedFacts(e, 'cut')).toEqual(want);
    const liveAfter = snapshot(services().engine.live('cut')!, Date.now());
    expect(liveAfter.day).toBe(liveBefore.day);
    expect(liveAfter.total.metrics).toEqual(liveBefore.total.metrics);
    expect(liveAfter.total.metrics.offered).toBe(today.length);
  }, 90_000);
});
