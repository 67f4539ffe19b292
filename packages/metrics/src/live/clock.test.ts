/**
 * The reducer's notion of time against a PBX clock that is wrong: "today" follows the wall clock
 * and never runs ahead of it, timers keep running on the event clock, a call stamped just after
 * midnight by a fast PBX counts on its own day once the wall day turns, and every duration the
 * reducer computes is bounded (never negative, never beyond MAX_DURATION_MS, never wrapped).
 */
import { describe, expect, it } from 'vitest';
import { defaultTenantSettings } from '../settings.ts';
import { eventFactory } from '../testing/events.ts';
import { DEFAULT_REDUCER_OPTIONS, MAX_DURATION_MS, TenantLive } from './reducer.ts';
import { snapshot } from './snapshot.ts';
import type { CallEvent } from '../events/schema.ts';

const s = 1000;
const min = 60 * s;
const h = 3600 * s;
const MIDNIGHT = Date.parse('2026-11-25T23:00:00.000Z'); // 00:00 of 11-26 in Europe/Rome
const fresh = () => new TenantLive('demo', defaultTenantSettings('Europe/Rome'));

describe('live day: follows the wall clock, never ahead of it', () => {
  // [case, wall time of the event, PBX skew (event ts − wall), live day after applying it]
  const cases: [string, number, number, string][] = [
    ['PBX on time, before midnight', MIDNIGHT - 30 * s, 0, '2026-11-25'],
    ['PBX 90 s fast at 23:59:30: ts is already 00:01', MIDNIGHT - 30 * s, 90 * s, '2026-11-25'],
    ['PBX 5 min fast at 23:58', MIDNIGHT - 2 * min, 5 * min, '2026-11-25'],
    ['PBX 2 days fast (beyond any skew bound)', MIDNIGHT - 2 * h, 2 * 24 * h, '2026-11-25'],
    ['PBX on time, after midnight', MIDNIGHT + 30 * s, 0, '2026-11-26'],
    ['PBX 2 min slow after midnight: the event day is still yesterday', MIDNIGHT + 30 * s, -2 * min, '2026-11-25'],
  ];
  it.each(cases)('%s', (_name, wall, skew, day) => {
    const f = eventFactory();
    const live = fresh();
    live.apply(f.agent(wall + skew, 'a', 'ready', ['q']), wall);
    expect(live.day?.day).toBe(day);
    expect(snapshot(live, wall).day).toBe(day);
  });

  it('turns the day when the wall clock reaches midnight, not when a fast PBX does', () => {
    const f = eventFactory();
    const live = fresh();
    live.apply(f.offered(MIDNIGHT - 60 * s + 2 * min, 'x', 'q'), MIDNIGHT - 60 * s);
    live.advance(MIDNIGHT - 1);
    expect(live.day?.day).toBe('2026-11-25');
    live.advance(MIDNIGHT);
    expect(live.day?.day).toBe('2026-11-26');
  });
});

describe('a fast PBX call at midnight counts on its own day once the wall day turns', () => {
  // Offered at 23:59:30 wall, stamped 00:01:00 by a PBX 90 s fast; it ends, and its fact is
  // emitted, before the wall clock reaches midnight.
  const skew = 90 * s;
  const at = (wall: number) => wall + skew;
  const stories: [string, (f: ReturnType<typeof eventFactory>, wall: number) => CallEvent[], Record<string, number>][] = [
    ['abandoned', (f, w) => [f.offered(at(w), 'x', 'q'), f.abandoned(at(w + 10 * s), 'x', 'q')], { offered: 1, abandoned: 1, answered: 0 }],
    ['answered and ended', (f, w) => [f.offered(at(w), 'x', 'q'), f.answered(at(w + 5 * s), 'x', 'q', 'a'), f.ended(at(w + 12 * s), 'x', 'q', 'a')],
      { offered: 1, answered: 1, handled: 1 }],
  ];
  it.each(stories)('%s', (_name, story, want) => {
    const f = eventFactory();
    const live = fresh();
    const wall = MIDNIGHT - 30 * s;
    story(f, wall).forEach((ev, i) => live.apply(ev, wall + i * 5 * s));
    live.advance(MIDNIGHT - 1); // the event clock is past the grace periods: the fact is out
    const facts = live.drain().facts;
    expect(facts.map((x) => x.day)).toEqual(['2026-11-26']);
    expect(snapshot(live, MIDNIGHT - 1).queues[0]?.metrics.offered ?? 0).toBe(0); // not yesterday's call
    live.advance(MIDNIGHT + s);
    const q = snapshot(live, MIDNIGHT + s).queues.find((x) => x.queue === 'q');
    expect(q?.metrics).toMatchObject(want);
  });

  it('keeps the timers on the event clock: a waiting caller is dropped maxWaitMs after its stamped offer', () => {
    const f = eventFactory();
    const live = fresh();
    live.apply(f.offered(MIDNIGHT + skew, 'x', 'q'), MIDNIGHT);
    // The event clock runs `skew` ahead of the wall clock, offer included: maxWaitMs of either.
    live.advance(MIDNIGHT + DEFAULT_REDUCER_OPTIONS.maxWaitMs - 2 * s);
    expect(live.legs.size).toBe(1);
    expect(live.clock(MIDNIGHT + DEFAULT_REDUCER_OPTIONS.maxWaitMs)).toBe(MIDNIGHT + skew + DEFAULT_REDUCER_OPTIONS.maxWaitMs);
    live.advance(MIDNIGHT + DEFAULT_REDUCER_OPTIONS.maxWaitMs + 2 * s);
    expect(live.legs.size).toBe(0);
  });
});

describe('computed durations are bounded', () => {
  const T = Date.parse('2026-11-25T09:00:00.000Z');
  const o = DEFAULT_REDUCER_OPTIONS;
  // [case, events (applied at their own ts unless a wall is given), expected fact fields]
  const cases: [string, (f: ReturnType<typeof eventFactory>) => [CallEvent, number?][], Record<string, number>][] = [
    ['answer stamped before the offer: wait 0', (f) => [[f.offered(T, 'x', 'q')], [f.answered(T - 30 * s, 'x', 'q', 'a'), T], [f.ended(T + 60 * s, 'x', 'q', 'a')]],
      { waitMs: 0 }],
    ['answer 30 days after the offer: wait capped', (f) => [[f.offered(T - 30 * 24 * h, 'x', 'q'), T], [f.answered(T, 'x', 'q', 'a')], [f.ended(T + 60 * s, 'x', 'q', 'a')]],
      { waitMs: MAX_DURATION_MS }],
    ['late call.offered 30 days earlier: re-derived wait capped', (f) => [[f.answered(T, 'x', 'q', 'a')], [f.offered(T - 30 * 24 * h, 'x', 'q'), T], [f.ended(T + 60 * s, 'x', 'q', 'a')]],
      { waitMs: MAX_DURATION_MS }],
    ['end stamped before the answer: talk 0', (f) => [[f.offered(T, 'x', 'q')], [f.answered(T + 5 * s, 'x', 'q', 'a')], [f.ended(T - 60 * s, 'x', 'q', 'a'), T + 6 * s]],
      { talkMs: 0 }],
    ['lost call.ended, then the clock jumps two days: talk = maxTalkMs, not two days', (f) => [
      [f.offered(T, 'x', 'q')], [f.answered(T + 5 * s, 'x', 'q', 'a')], [f.agent(T + 2 * 24 * h, 'b', 'ready'), T + 10 * s]],
      { talkMs: o.maxTalkMs }],
    ['wrap-up left open for two days: wrap = maxWrapMs', (f) => [
      [f.offered(T, 'x', 'q')], [f.answered(T + 5 * s, 'x', 'q', 'a')], [f.ended(T + 65 * s, 'x', 'q', 'a', 60 * s)],
      [f.agent(T + 65 * s, 'a', 'wrap_up')], [f.agent(T + 2 * 24 * h, 'a', 'ready')]],
      { talkMs: 60 * s, wrapMs: o.maxWrapMs }],
  ];
  it.each(cases)('%s', (_name, story, want) => {
    const live = fresh();
    for (const [ev, wall] of story(eventFactory())) live.apply(ev, wall ?? ev.ts);
    live.advance(T + 3 * 24 * h);
    live.flush();
    const [fact] = live.drain().facts;
    expect(fact).toMatchObject(want);
    for (const d of [fact.waitMs, fact.talkMs, fact.wrapMs]) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(MAX_DURATION_MS);
    }
  });
});
