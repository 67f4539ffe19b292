/**
 * The routing of events between the live reducer and the backfill reducers, case by case, and its
 * determinism: the same events at the same wall times (what a replay re-applies) route the same way.
 */
import { describe, expect, it } from 'vitest';
import { defaultTenantSettings, type CallEvent } from '@callboard/metrics';
import { eventFactory } from '../../../../packages/metrics/src/testing/events.ts';
import { LATE_MS, MAX_BACKFILLS, TenantState } from './tenant-state.ts';

const h = 3600_000;
const MIDNIGHT = Date.parse('2026-11-30T23:00:00.000Z'); // 00:00 of 12-01 in Europe/Rome
const NOON = MIDNIGHT + 12 * h;
const DAY = 24 * h;

type Where = 'live' | `backfill ${number}`;
const where = (s: TenantState, target: unknown): Where => (target === s.live ? 'live' : `backfill ${s.backfills.indexOf(target as never)}`);

describe('tenant state: routing', () => {
  // [case, events applied before at their wall time, the event, its wall time, where it goes]
  const f = eventFactory();
  const cases: [string, [CallEvent, number][], CallEvent, number, Where][] = [
    ['today, on time', [], f.offered(NOON, 'c1', 'q'), NOON, 'live'],
    ['today, ten hours late (a re-import of today)', [[f.offered(NOON, 'c0', 'q'), NOON]], f.offered(NOON - 10 * h, 'c1', 'q'), NOON, 'live'],
    ['yesterday, 30 min late, just after midnight', [], f.offered(MIDNIGHT - 10 * 60_000, 'c1', 'q'), MIDNIGHT + 20 * 60_000, 'live'],
    ['yesterday, more than LATE_MS behind', [], f.offered(MIDNIGHT - 2 * h, 'c1', 'q'), MIDNIGHT + 20 * 60_000, 'backfill 0'],
    ['ten days ago, into a fresh engine', [], f.offered(NOON - 10 * DAY, 'c1', 'q'), NOON, 'backfill 0'],
    ['ten days ago, into an engine with live traffic', [[f.offered(NOON, 'c0', 'q'), NOON]], f.offered(NOON - 10 * DAY, 'c1', 'q'), NOON, 'backfill 0'],
    ['an agent state of an earlier day', [], f.agent(NOON - 3 * DAY, 'a', 'ready'), NOON, 'backfill 0'],
    ['the end of a live call that straddled midnight stays live', [[f.offered(MIDNIGHT - 5 * 60_000, 'c1', 'q'), MIDNIGHT - 5 * 60_000]],
      f.answered(MIDNIGHT - 4 * 60_000, 'c1', 'q', 'a'), MIDNIGHT + 3 * h, 'live'],
    ['a call a backfill reducer holds stays there, even stamped today', [[f.offered(MIDNIGHT - 60_000, 'c1', 'q'), NOON]],
      f.answered(MIDNIGHT + 60_000, 'c1', 'q', 'a'), NOON, 'backfill 0'],
    ['an older day after a newer one opens a second backfill reducer', [[f.offered(NOON - 2 * DAY, 'c0', 'q'), NOON]],
      f.offered(NOON - 5 * DAY, 'c1', 'q'), NOON, 'backfill 1'],
    ['a newer day follows the backfill reducer forward', [[f.offered(NOON - 5 * DAY, 'c0', 'q'), NOON]],
      f.offered(NOON - 2 * DAY, 'c1', 'q'), NOON, 'backfill 0'],
  ];
  it.each(cases)('%s', (_name, before, ev, wall, want) => {
    const s = new TenantState('demo', defaultTenantSettings('Europe/Rome'), NOON);
    for (const [e, w] of before) s.apply(e, w);
    expect(where(s, s.apply(ev, wall))).toBe(want);
  });

  it('keeps at most MAX_BACKFILLS backfill reducers; the oldest is flushed and its facts kept for storage', () => {
    const s = new TenantState('demo', defaultTenantSettings('Europe/Rome'), NOON);
    const g = eventFactory();
    // Finished calls on ever older days: each opens a backfill reducer.
    for (let i = 0; i <= MAX_BACKFILLS; i++) {
      const t0 = NOON - (2 + 2 * i) * DAY;
      s.apply(g.offered(t0, `c${i}`, 'q'), NOON + i);
      s.apply(g.abandoned(t0 + 30_000, `c${i}`, 'q'), NOON + i);
    }
    expect(s.backfills).toHaveLength(MAX_BACKFILLS);
    expect(s.drain().earlier.facts.map((x) => x.callId)).toContain('c0');
  });

  it('routes the same events at the same wall times the same way (a replay rebuilds the same state)', () => {
    const g = eventFactory();
    const stream: [CallEvent, number][] = [];
    for (let i = 0; i < 200; i++) {
      const back = [0, 0, 1, 3, 8][i % 5] * DAY + ((i * 7919) % 20) * 60_000;
      const wall = NOON + i * 1000;
      stream.push([g.offered(wall - back, `c${i}`, 'q'), wall], [g.abandoned(wall - back + 20_000, `c${i}`, 'q'), wall + 500]);
    }
    const run = () => {
      const s = new TenantState('demo', defaultTenantSettings('Europe/Rome'), NOON);
      const route = stream.map(([e, w]) => where(s, s.apply(e, w)));
      s.advance(NOON + 3 * h);
      const d = s.drain();
      return { route, facts: [...d.facts, ...d.earlier.facts] };
    };
    const [a, b] = [run(), run()];
    expect(a.route).toEqual(b.route);
    expect(a.facts).toEqual(b.facts);
    expect(new Set(a.route).size).toBeGreaterThan(1);
    // Every call was abandoned 20 s after its offer, whichever reducer held it.
    expect(a.facts).toHaveLength(200);
    expect(a.facts.every((x) => x.waitMs === 20_000)).toBe(true);
    expect(LATE_MS).toBeLessThan(4 * h);
  });
});
