import { describe, expect, it } from 'vitest';
import { KINDS, WIDGET_KINDS, Widget, WallboardInput, WallboardExport, historyParams, newWidget } from './index.ts';

describe('widgets - spec', () => {
  it.each(WIDGET_KINDS)('widgets - a new %s widget parses with its defaults', (kind) => {
    const w = newWidget(kind, `w-${kind}`);
    expect(w.kind).toBe(kind);
    expect(w.layout).toEqual({ x: 0, y: 0, w: KINDS[kind].defaults.w, h: KINDS[kind].defaults.h });
    expect(Widget.parse(JSON.parse(JSON.stringify(w)))).toEqual(w);
  });

  it.each([
    ['a tile with two metrics', { kind: 'tile', metrics: ['offered', 'answered'] }, 'shows 1 metric(s), not 2'],
    ['a tile grouped by queue', { kind: 'tile', metrics: ['offered'], groupBy: 'queue' }, 'groups by none'],
    ['a line chart over the live window', { kind: 'line', metrics: ['offered'], groupBy: 'hour', window: { kind: 'live' } }, 'not live'],
    ['a bad metric id', { kind: 'tile', metrics: ['Offered;DROP'] }, 'lowercase letters'],
    ['a reversed range', { kind: 'tile', metrics: ['offered'], window: { kind: 'range', from: '2026-11-25', to: '2026-11-01' } }, 'end on or after'],
    ['a gauge with max below min', { kind: 'gauge', metrics: ['asa'], options: { min: 10, max: 5 } }, 'max must be greater'],
    ['an unknown kind', { kind: 'sparkle', metrics: [] }, 'kind'],
  ])('widgets - rejects %s', (_name, partial, message) => {
    const r = Widget.safeParse({ id: 'x', layout: { x: 0, y: 0, w: 1, h: 1 }, ...partial });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(message);
  });

  it('widgets - nested option defaults are filled in', () => {
    const w = Widget.parse({ id: 'g', kind: 'gauge', metrics: ['service_level'], layout: { x: 0, y: 0, w: 2, h: 2 } });
    expect(w.kind === 'gauge' && w.options).toEqual({ min: 0, max: 100, thresholds: { amber: 80, red: 60, higherIsBetter: null } });
    expect(w.filters).toEqual({ queues: [], agents: [], channel: null });
  });
});

describe('widgets - wallboard grid', () => {
  const at = (id: string, x: number, y: number, w = 2, h = 2) => ({ ...newWidget('tile', id), layout: { x, y, w, h } });

  it('widgets - accepts widgets side by side', () => {
    expect(WallboardInput.parse({ name: 'Ops', widgets: [at('a', 0, 0), at('b', 2, 0)] }).widgets).toHaveLength(2);
  });
  it.each([
    ['overlapping widgets', [at('a', 0, 0), at('b', 1, 1)], 'widget b overlaps widget a'],
    ['a widget past the right edge', [at('a', 11, 0)], 'does not fit the 12×8 grid'],
    ['a repeated id', [at('a', 0, 0), at('a', 4, 0)], 'used twice'],
  ])('widgets - rejects %s', (_n, widgets, message) => {
    const r = WallboardInput.safeParse({ name: 'Ops', widgets });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join('; ')).toContain(message);
  });
  it('widgets - a blank name is refused with a clear message', () => {
    expect(WallboardInput.safeParse({ name: '   ' }).error?.issues[0].message).toBe('a wallboard needs a name');
  });
  it('widgets - an export round-trips', () => {
    const file = { format: 'callboard.wallboard', version: 1, wallboard: WallboardInput.parse({ name: 'Ops', widgets: [at('a', 0, 0)] }) };
    expect(WallboardExport.parse(JSON.parse(JSON.stringify(file))).wallboard.widgets[0].id).toBe('a');
  });
});

describe('widgets - historyParams', () => {
  const now = Date.parse('2026-11-25T10:30:00Z');
  it.each([
    ['live', { kind: 'live' }, { from: '2026-11-25', to: '2026-11-25' }],
    ['today', { kind: 'today' }, { from: '2026-11-25', to: '2026-11-25' }],
    ['last 30 minutes', { kind: 'last', minutes: 30 }, { from: '2026-11-25T10:00:00.000Z', to: '2026-11-25T10:30:00.000Z' }],
    ['a range', { kind: 'range', from: '2026-11-01', to: '2026-11-07' }, { from: '2026-11-01', to: '2026-11-07' }],
  ])('widgets - %s window', (_n, window, range) => {
    const w = Widget.parse({ ...newWidget('bar', 'b'), window, filters: { queues: ['sales', 'care'], channel: 'voice' } });
    expect(historyParams(w, '2026-11-25', now)).toEqual({ ...range, groupBy: 'queue', metrics: 'offered', queue: 'sales,care', channel: 'voice' });
  });
});
