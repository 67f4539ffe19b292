/**
 * New or duplicate: within the horizon by the tenant's Deduper; older events by storage and by the
 * re-imports applied but not stored yet, decided in delivery order.
 */
import { defaultTenantSettings } from '@callboard/metrics';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { eventFactory } from '../../../../packages/metrics/src/testing/events.ts';
import type { Repository } from '../store/repository.ts';
import { EventDedupe } from './dedupe.ts';
import { createStats } from './stats.ts';
import { StorageRetry } from './storage-retry.ts';
import { TenantState } from './tenant-state.ts';

const NOW = Date.parse('2026-11-20T10:00:00.000Z');
const DAY = 86_400_000;
const log = pino({ level: 'silent' });

function setup(storedIds: string[] = []) {
  const looked: string[][] = [];
  const repo = {
    storedEventIds: async (_tenant: string, ids: string[]) => { looked.push(ids); return new Set(ids.filter((id) => storedIds.includes(id))); },
  } as unknown as Repository;
  const dedupe = new EventDedupe(repo, new StorageRetry(createStats(), log), log);
  const state = new TenantState('demo', defaultTenantSettings('UTC'), NOW);
  return { dedupe, state, looked, storedIds };
}

describe('event dedupe', () => {
  const f = eventFactory('demo');
  const today = f.agent(NOW - 60_000, 'a1', 'ready');
  const old = f.agent(NOW - 3 * DAY, 'a1', 'ready');

  it.each([
    ['an event of today, first seen', [today], false, ['fresh']],
    ['an event of today, seen twice', [today, today], false, ['fresh', 'duplicate']],
    ['an event older than the horizon (yesterday\'s start)', [old], false, ['defer']],
    ['an event of today behind a deferred one keeps its order', [today], true, ['defer']],
  ] as const)('%s', (_name, events, deferring, verdicts) => {
    const { dedupe, state } = setup();
    expect(events.map((ev) => dedupe.check(state, ev, deferring))).toEqual(verdicts);
  });

  it('settles deferred events in order: storage and unstored re-imports for the old, the Deduper for the rest', async () => {
    const { dedupe, state, looked, storedIds } = setup(['stored']);
    const g = eventFactory('demo', 'x');
    const stored = { ...g.agent(NOW - 3 * DAY, 'a1', 'ready'), id: 'stored' };
    const reimport = { ...g.agent(NOW - 3 * DAY + 1, 'a1', 'busy'), id: 'reimport' };
    const recent = g.agent(NOW - 1000, 'a2', 'ready');
    const rest = [stored, reimport, reimport, recent, recent].map((ev) => ({ ev, text: '', msg: null, state }));
    const key = `demo\u0000reimport`;
    expect(await dedupe.settle(rest)).toEqual([{ fresh: false }, { fresh: true, unstored: key }, { fresh: false }, { fresh: true }, { fresh: false }]);
    expect(looked).toEqual([['stored', 'reimport', 'reimport']]);
    // Not stored yet: a redelivery is a duplicate without asking storage; once stored, storage answers.
    expect(await dedupe.settle([{ ev: reimport, text: '', msg: null, state }])).toEqual([{ fresh: false }]);
    expect(looked).toHaveLength(1);
    storedIds.push('reimport');
    dedupe.forget([key]);
    expect(await dedupe.settle([{ ev: reimport, text: '', msg: null, state }])).toEqual([{ fresh: false }]);
    expect(looked).toHaveLength(2);
  });
});
