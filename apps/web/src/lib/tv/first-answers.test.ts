import { describe, expect, it } from 'vitest';
import type { AgentLive, LiveSnapshot } from '@callboard/metrics';
import { WallboardInput, type CustomMetric, type Wallboard } from '@callboard/widgets';
import { forBoards, playlistIds, tvFirst } from './first-answers.ts';

const agent = (name: string): AgentLive => ({
  agent: name, state: 'ready', since: 1, reason: '', queues: ['sales'], current: null,
  metrics: { answered: 3, aht: 120, offered: 4, abandoned: 1, occupancy: 0.5 },
});
const snap: LiveSnapshot = {
  tenant: 't', at: 10, day: '2026-12-01', timezone: 'Europe/Rome',
  total: { queue: '*', waiting: [], agents: { ready: 2, busy: 0, wrap_up: 0, paused: 0 }, metrics: { answered: 6, aht: 120 } },
  queues: [], agents: [agent('anna'), agent('bruno')],
};
const board = (widgets: object[]): Wallboard => ({ ...WallboardInput.parse({ name: 'b', columns: 12, rows: 8, widgets }), id: 'b' } as Wallboard);
let x = 0;
const w = (id: string, kind: string, metrics: string[], rest: object = {}) => ({ id, kind, layout: { x: (x = (x + 2) % 12), y: 0, w: 2, h: 2 }, metrics, ...rest });
const custom = (id: string, formula: string): CustomMetric => ({ id, label: id, unit: 'count', formula, higherIsBetter: true, description: '' });

describe('tv first answers', () => {
  it.each([
    ['live-only tiles and an agents grid read no agent metric', [w('a', 'tile', ['waiting_now']), w('g', 'agents', [])], [], {}],
    ['a table by agent keeps its metrics', [w('t', 'table', ['answered', 'aht'], { groupBy: 'agent' })], [], { answered: 3, aht: 120 }],
    ['a custom metric keeps what its formula reads', [w('c', 'tile', ['per_call'])], [custom('per_call', 'abandoned / offered')], { offered: 4, abandoned: 1 }],
    ['a formula that does not parse reads nothing', [w('c', 'tile', ['bad'])], [custom('bad', 'answered +')], {}],
  ])('tv first answers - %s', (_, widgets, customs, metrics) => {
    const cut = forBoards(snap, [board(widgets)], customs);
    expect(cut.agents.map((a) => a.metrics)).toEqual([metrics, metrics]);
    // Everything else as it was: the agents' state, the queues, the total.
    expect(cut.agents.map((a) => ({ ...a, metrics: {} }))).toEqual(snap.agents.map((a) => ({ ...a, metrics: {} })));
    expect(cut.total).toBe(snap.total);
  });

  it('tv first answers - read through the given fetch; null when any answer fails or there is no board', async () => {
    const answers: Record<string, unknown> = {
      '/api/v1/wallboards/b': board([w('a', 'tile', ['answered'])]), '/api/v1/live?agentMetrics=answered': snap,
      '/api/v1/metrics/catalogue': { metrics: [] }, '/api/v1/custom-metrics': { metrics: [] },
    };
    const asked: string[] = [];
    const fetch = (async (url: string) => {
      asked.push(url);
      return answers[url] ? new Response(JSON.stringify(answers[url])) : new Response('{"error":{"code":"NOT_FOUND","message":"no"}}', { status: 404 });
    }) as typeof globalThis.fetch;
    const first = await tvFirst(['b'], fetch);
    expect(first?.boards.map((b) => b.id)).toEqual(['b']);
    expect(JSON.parse(first!.liveJson).agents[0].metrics).toEqual({ answered: 3 });
    expect(asked.sort()).toEqual(Object.keys(answers).sort());
    expect(await tvFirst(['b', 'gone'], fetch)).toBeNull();
    expect(await tvFirst([], fetch)).toBeNull();
  });

  it.each([
    ['/tv/playlist?ids=a,%20b,,c', ['a', 'b', 'c']],
    ['/tv/playlist?ids=,', []],
    ['/tv/playlist', []],
  ])('tv first answers - playlist ids of %s', (path, ids) => {
    expect(playlistIds(new URL(path, 'http://tv.invalid'))).toEqual(ids);
  });
});
