import { describe, expect, it } from 'vitest';
import type { AgentLive, LiveSnapshot, QueueLive } from '@callboard/metrics';
import { applyMessage } from './apply.ts';
import { backoffMs } from './backoff.ts';

const q = (queue: string, offered: number): QueueLive => ({ queue, waiting: [], agents: { ready: 0, busy: 0, wrap_up: 0, paused: 0 }, metrics: { offered } });
const snap: LiveSnapshot = { tenant: 'demo', at: 1, day: '2026-11-25', timezone: 'UTC', total: q('*', 3), queues: [q('a', 1), q('b', 2)], agents: [] };

describe('live protocol', () => {
  it('live - a delta upserts and removes queues, keeps unchanged objects, replaces the total', () => {
    const next = applyMessage(snap, { type: 'delta', at: 2, day: '2026-11-25', total: q('*', 5), queues: [q('b', 4), q('c', 1)], removedQueues: ['a'] })!;
    expect(next.queues.map((x) => [x.queue, x.metrics.offered])).toEqual([['b', 4], ['c', 1]]);
    expect(next.total.metrics.offered).toBe(5);
    expect(next.at).toBe(2);
    const same = applyMessage(next, { type: 'delta', at: 3, day: '2026-11-25', agents: [] })!;
    expect(same.queues[0]).toBe(next.queues[0]);
  });
  it('live - agents a delta updates are replaced in place (unchanged ones kept), in key order, across deltas; new and removed ones re-sort', () => {
    const ag = (agent: string, answered: number) => ({ agent, state: 'ready', since: 0, queues: [], metrics: { answered } }) as unknown as AgentLive;
    const base = { ...snap, agents: [ag('b', 0), ag('a', 0), ag('c', 0)] }; // not in key order: the first delta sorts it
    const d = (agents: AgentLive[], removedAgents?: string[]) => ({ type: 'delta' as const, at: 2, day: '2026-11-25', agents, removedAgents });
    const one = applyMessage(base, d([ag('c', 1)]))!;
    expect(one.agents.map((a) => [a.agent, a.metrics.answered])).toEqual([['a', 0], ['b', 0], ['c', 1]]);
    const two = applyMessage(one, d([ag('a', 2), ag('c', 3)]))!;
    expect(two.agents.map((a) => [a.agent, a.metrics.answered])).toEqual([['a', 2], ['b', 0], ['c', 3]]);
    expect(two.agents[1]).toBe(one.agents[1]);
    expect(one.agents.map((a) => a.metrics.answered)).toEqual([0, 0, 1]); // the previous snapshot is untouched
    const three = applyMessage(two, d([ag('b', 4), ag('aa', 1)]))!;
    expect(three.agents.map((a) => [a.agent, a.metrics.answered])).toEqual([['a', 2], ['aa', 1], ['b', 4], ['c', 3]]);
    const four = applyMessage(three, d([ag('c', 5)], ['aa']))!;
    expect(four.agents.map((a) => [a.agent, a.metrics.answered])).toEqual([['a', 2], ['b', 4], ['c', 5]]);
    expect(applyMessage(four, d([ag('a', 6)]))!.agents.map((a) => a.metrics.answered)).toEqual([6, 4, 5]);
  });
  it('live - a delta before any snapshot is ignored; a snapshot replaces everything', () => {
    expect(applyMessage(null, { type: 'delta', at: 2, day: 'x' })).toBeNull();
    expect(applyMessage(snap, { type: 'snapshot', snapshot: { ...snap, queues: [] } })!.queues).toEqual([]);
  });
  it('live - back-off doubles from 0.5 s to a 30 s ceiling with ±20 % jitter', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffMs(a, () => 0.5))).toEqual([500, 1000, 2000, 4000, 30000]);
    expect(backoffMs(0, () => 0)).toBe(400);
    expect(backoffMs(20, () => 1)).toBe(36000);
  });
});
