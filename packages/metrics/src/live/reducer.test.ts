import { describe, expect, it } from 'vitest';
import { serviceQualityScore } from '../components.ts';
import { defaultTenantSettings, DEFAULT_QUEUE_SETTINGS } from '../settings.ts';
import { eventFactory } from '../testing/events.ts';
import { TenantLive } from './reducer.ts';
import { snapshot } from './snapshot.ts';
import { Deduper } from './dedupe.ts';
import { METRICS } from '../metrics.ts';

const T0 = Date.parse('2026-11-25T09:00:00.000Z'); // 10:00 in Europe/Rome
const s = 1000;

function run(events: ReturnType<ReturnType<typeof eventFactory>['make']>[], flush = true) {
  const live = new TenantLive('demo', defaultTenantSettings('Europe/Rome'));
  for (const e of events) live.apply(e, e.ts);
  if (flush) live.flush();
  return live;
}

describe('service quality score', () => {
  it.each([
    ['w = 0 (β penalty)', 0, 0.75],
    ['w = Tref/2', 10_000, 0.875],
    ['w = Tref', 20_000, 1],
    ['halfway to Tlim', 40_000, 0.5],
    ['w = Tlim', 60_000, 0],
    ['w > Tlim', 90_000, 0],
  ])('%s', (_name, w, want) => {
    expect(serviceQualityScore(w, DEFAULT_QUEUE_SETTINGS)).toBeCloseTo(want, 12);
  });
});

describe('reducer - a worked morning in one queue', () => {
  const f = eventFactory();
  const events = [
    f.agent(T0 - 60 * s, 'a1', 'ready', ['sales']),
    ...['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'].map((c) => f.offered(T0, c, 'sales')),
    f.answered(T0, 'c1', 'sales', 'a1', 0),
    f.abandoned(T0 + 3 * s, 'c6', 'sales'),
    f.answered(T0 + 20 * s, 'c2', 'sales', 'a2'),
    f.abandoned(T0 + 30 * s, 'c7', 'sales'),
    f.answered(T0 + 40 * s, 'c3', 'sales', 'a3'),
    f.answered(T0 + 60 * s, 'c4', 'sales', 'a4'),
    f.ended(T0 + 60 * s, 'c1', 'sales', 'a1', 60 * s),
    f.agent(T0 + 60 * s, 'a1', 'wrap_up'),
    f.answered(T0 + 70 * s, 'c5', 'sales', 'a5'),
    f.agent(T0 + 70 * s, 'a1', 'ready'),
    f.exited(T0 + 90 * s, 'c8', 'sales', 'timeout'),
    f.ended(T0 + 70 * s, 'c3', 'sales', 'a3'), // talk derived: 30 s
    f.ended(T0 + 105 * s, 'c4', 'sales', 'a4', 45 * s),
    f.ended(T0 + 85 * s, 'c5', 'sales', 'a5', 15 * s),
    f.ended(T0 + 140 * s, 'c2', 'sales', 'a2', 120 * s),
  ];
  const live = run(events);
  const snap = snapshot(live, T0 + 200 * s);
  const q = snap.queues.find((x) => x.queue === 'sales')!;

  const counts: [string, number][] = [
    ['offered', 8], ['answered', 5], ['abandoned', 2], ['short_abandoned', 1], ['exited', 1], ['exited_timeout', 1],
    ['exited_key', 0], ['exited_empty', 0], ['exited_full', 0], ['transferred', 0],
    ['missed', 2], ['answered_in_sl', 2], ['handled', 5], ['max_wait', 90],
  ];
  it.each(counts)('%s = %d', (id, want) => {
    expect(q.metrics[id]).toBe(want);
  });

  // Agent-state metrics (whole tenant): closed intervals ready 60 s; busy 60+120+30+45+15 s; wrap-up 10 s.
  const agentMetrics: [string, number][] = [['occupancy', (100 * (270 + 10)) / (60 + 270 + 10)], ['paused_time', 0]];
  it.each(agentMetrics)('%s (tenant total)', (id, want) => {
    expect(snap.total.metrics[id]).toBeCloseTo(want, 9);
  });

  const ratios: [string, number][] = [
    ['service_level', (100 * 2) / 7],
    ['abandon_rate', (100 * 1) / 7],
    ['service_quality', (100 * (0.75 + 1 + 0.5 + 0 + 0)) / 7],
    ['asa', (0 + 20 + 40 + 60 + 70) / 5],
    ['avg_abandon_wait', (3 + 30) / 2],
    ['aht', (60 + 10 + 120 + 30 + 45 + 15) / 5],
    ['avg_wrap', 10 / 5],
    ['avg_talk', (60 + 120 + 30 + 45 + 15) / 5],
    ['calls_per_agent', 1],
  ];
  it.each(ratios)('%s', (id, want) => {
    expect(q.metrics[id]).toBeCloseTo(want, 9);
  });

  it('covers every catalogue metric with a worked value', () => {
    const covered = new Set([...counts, ...agentMetrics, ...ratios].map(([id]) => id));
    expect(METRICS.map((m) => m.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('keeps the caller still waiting in the waiting list', () => {
    expect(q.waiting.map((w) => w.callId)).toEqual(['c9']);
    expect(snap.total.waiting).toHaveLength(1);
  });

  it('emits one fact per finished leg and agent intervals', () => {
    const out = live.drain();
    expect(out.facts.map((x) => x.callId).sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
    const c1 = out.facts.find((x) => x.callId === 'c1')!;
    expect(c1).toMatchObject({ outcome: 'answered', agent: 'a1', waitMs: 0, talkMs: 60_000, wrapMs: 10_000, day: '2026-11-25' });
    const a1 = out.intervals.filter((i) => i.agent === 'a1').map((i) => [i.state, i.durationMs]);
    expect(a1).toEqual([['ready', 60_000], ['busy', 60_000], ['wrap_up', 10_000]]);
  });
});

describe('reducer - imperfect feeds', () => {
  it('handles call.answered before call.offered and derives the wait from the late offer', () => {
    const f = eventFactory();
    const live = run([f.answered(T0 + 12 * s, 'x', 'q', 'a'), f.offered(T0, 'x', 'q'), f.ended(T0 + 30 * s, 'x', 'q', 'a')]);
    const [fact] = live.drain().facts;
    expect(fact).toMatchObject({ waitMs: 12_000, talkMs: 18_000, caller: '+39020000x', offeredAt: T0 });
  });

  it('applies a call.transferred that arrives before its call.answered', () => {
    const f = eventFactory();
    const live = run([f.offered(T0, 'x', 'q'), f.transferred(T0 + 30 * s, 'x', 'q', 'a', '2001'), f.answered(T0 + 5 * s, 'x', 'q', 'a')]);
    const [fact] = live.drain().facts;
    expect(fact).toMatchObject({ outcome: 'answered', transferred: true, waitMs: 5_000, talkMs: 25_000, finished: true });
  });

  it('counts a call whose call.offered never came', () => {
    const f = eventFactory();
    const live = run([f.abandoned(T0, 'x', 'q', 8000)]);
    expect(snapshot(live, T0).queues[0].metrics).toMatchObject({ offered: 1, abandoned: 1, short_abandoned: 0 });
  });

  it('ignores events for a leg already emitted (late duplicates of its story)', () => {
    const f = eventFactory();
    const live = run([f.offered(T0, 'x', 'q'), f.abandoned(T0 + 8 * s, 'x', 'q')]);
    live.drain();
    live.apply(f.answered(T0 + 9 * s, 'x', 'q', 'a'), T0 + 9 * s);
    live.flush();
    expect(live.drain().facts).toHaveLength(0);
    expect(snapshot(live, T0).queues[0].metrics.answered).toBe(0);
  });

  it('drops a waiting caller whose outcome was lost, after maxWaitMs', () => {
    const f = eventFactory();
    const live = run([f.offered(T0, 'x', 'q')], false);
    live.advance(T0 + 5 * 3600_000);
    expect(snapshot(live, T0).queues[0]?.waiting ?? []).toHaveLength(0);
  });

  it('settles a wrap-up that never started after the grace, by the clock', () => {
    const f = eventFactory();
    const live = run([f.offered(T0, 'x', 'q'), f.answered(T0 + s, 'x', 'q', 'a'), f.ended(T0 + 10 * s, 'x', 'q', 'a')], false);
    expect(snapshot(live, T0).queues[0].metrics.handled).toBe(0);
    live.advance(T0 + 10 * s + 3 * s);
    expect(snapshot(live, T0).queues[0].metrics.handled).toBe(1);
    expect(live.drain().facts).toHaveLength(0); // still within the emit grace
    live.advance(T0 + 20 * s);
    expect(live.drain().facts).toHaveLength(1);
  });
});

describe('reducer - days in the tenant timezone', () => {
  it('rolls today over at local midnight, not UTC midnight', () => {
    const f = eventFactory();
    const beforeMidnight = Date.parse('2026-11-25T22:59:00.000Z'); // 23:59 Rome
    const afterMidnight = Date.parse('2026-11-25T23:01:00.000Z'); // 00:01 Rome, still the 25th in UTC
    const live = run([f.offered(beforeMidnight, 'x', 'q'), f.abandoned(beforeMidnight + 10 * s, 'x', 'q')], false);
    expect(snapshot(live, beforeMidnight).queues[0].metrics.offered).toBe(1);
    live.apply(f.offered(afterMidnight, 'y', 'q'), afterMidnight);
    live.apply(f.abandoned(afterMidnight + 10 * s, 'y', 'q'), afterMidnight);
    const snap = snapshot(live, afterMidnight);
    expect(snap.day).toBe('2026-11-26');
    expect(snap.queues[0].metrics.offered).toBe(1);
  });

  it('splits agent intervals at local midnight', () => {
    const f = eventFactory();
    const live = run([
      f.agent(Date.parse('2026-11-25T22:00:00.000Z'), 'a', 'ready'),
      f.agent(Date.parse('2026-11-25T23:30:00.000Z'), 'a', 'logged_out'),
    ]);
    const parts = live.drain().intervals.map((i) => [i.day, i.durationMs]);
    expect(parts).toEqual([['2026-11-25', 3600_000], ['2026-11-26', 1800_000]]);
  });
});

describe('deduper', () => {
  it('recognises a duplicate id, even with a different ts on the resend', () => {
    const d = new Deduper('Europe/Rome');
    d.advance(T0);
    expect(d.add('e1', T0)).toBe(true);
    expect(d.add('e1', T0)).toBe(false);
    expect(d.add('e1', T0 - 86_400_000)).toBe(false);
    expect(d.beyondHorizon(T0 - 3 * 86_400_000)).toBe(true);
  });
});
