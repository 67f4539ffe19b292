import { describe, expect, it } from 'vitest';
import { defaultTenantSettings, snapshot, TenantLive, type LiveTickets, type TicketFigures } from '@callboard/metrics';
import { KINDS, WIDGET_KINDS, Widget, WallboardInput, WallboardExport, historyData, historyParams, liveData, newWidget, servedLive } from './index.ts';

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
    ['a ticket metric filtered by queue', { kind: 'tile', metrics: ['tickets_backlog'], filters: { queues: ['sales'] } }, 'tickets are not counted per queue: tickets_backlog takes a ticket type or handler filter, not queues'],
    ['a ticket metric filtered by agent', { kind: 'gauge', metrics: ['tickets_overdue'], filters: { agents: ['anna'] } }, 'tickets are not counted per agent'],
    ['a ticket metric filtered by channel', { kind: 'tile', metrics: ['tickets_opened'], filters: { channel: 'voice' } }, 'tickets have no channel'],
    ['a ticket metric grouped by queue', { kind: 'bar', metrics: ['tickets_opened'], groupBy: 'queue' }, 'tickets are not grouped by queue'],
    ['a call metric grouped by ticket type', { kind: 'bar', metrics: ['offered'], groupBy: 'ticketType' }, 'grouping by ticket type applies to ticket metrics only, not to offered'],
    ['call and ticket metrics grouped by handler', { kind: 'table', metrics: ['tickets_backlog', 'aht'], groupBy: 'handler' }, 'grouping by handler applies to ticket metrics only, not to aht'],
    ['a ticket metric in a line chart by hour', { kind: 'line', metrics: ['tickets_opened'], groupBy: 'hour', window: { kind: 'today' } }, 'tickets are not grouped by hour'],
    ['a call metric filtered by ticket type', { kind: 'tile', metrics: ['offered'], filters: { ticketTypes: ['repair'] } }, 'ticket type and handler filters apply to ticket metrics only, not to offered'],
    ['a call metric filtered by handler', { kind: 'tile', metrics: ['asa'], filters: { handlers: ['u1'] } }, 'not to asa'],
    ['a ticket type with a comma', { kind: 'tile', metrics: ['tickets_opened'], filters: { ticketTypes: ['a,b'] } }, 'a ticket type with a comma cannot be filtered on'],
  ])('widgets - rejects %s', (_name, partial, message) => {
    const r = Widget.safeParse({ id: 'x', layout: { x: 0, y: 0, w: 1, h: 1 }, ...partial });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(message);
  });

  it('widgets - nested option defaults are filled in', () => {
    const w = Widget.parse({ id: 'g', kind: 'gauge', metrics: ['service_level'], layout: { x: 0, y: 0, w: 2, h: 2 } });
    expect(w.kind === 'gauge' && w.options).toEqual({ min: 0, max: 100, thresholds: { amber: 80, red: 60, higherIsBetter: null } });
    expect(w.filters).toEqual({ queues: [], agents: [], channel: null, ticketTypes: [], handlers: [] });
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

describe('widgets - ticket type and handler filters', () => {
  const now = Date.parse('2026-11-25T10:30:00Z');
  const fig = (key: string, backlog: number, overdue: number, opened = 0): TicketFigures => ({ key, label: key, opened, finalised: 0, backlog, overdue, finaliseMs: 0 });
  const tickets: LiveTickets = {
    total: fig('', 9, 3, 4),
    byType: { repair: fig('repair', 5, 2, 1), install: fig('install', 3, 1, 3), info: fig('info', 1, 0) },
    byHandler: { 'u-maria': fig('u-maria', 4, 2), 'u-ion': fig('u-ion', 2, 1), '': fig('', 3, 0) },
  };
  const snap = snapshot(new TenantLive('t', defaultTenantSettings('Europe/Rome')), now, undefined, tickets);
  const tile = (metric: string, filters: object) => Widget.parse({ id: 't', kind: 'tile', layout: { x: 0, y: 0, w: 2, h: 2 }, metrics: [metric], filters });
  // The browser's value of a ticket metric in a group (apps/web live-values), enough for these tiles.
  const ctx = (id: string) => ({ base: { series: [{ id, label: id, unit: 'count' as const, higherIsBetter: false, source: 'catalogue' as const }], now, timezone: 'Europe/Rome' },
    valueIn: (_m: unknown, g: { tickets?: TicketFigures }) => (g.tickets ? (id === 'tickets_overdue' ? g.tickets.overdue : g.tickets.backlog) : null) });

  it.each([
    ['no filter: the total', 'tickets_backlog', {}, 9],
    ['one type', 'tickets_backlog', { ticketTypes: ['repair'] }, 5],
    ['two types: their sum', 'tickets_backlog', { ticketTypes: ['repair', 'install'] }, 8],
    ['a type with no ticket today: 0, not blank', 'tickets_backlog', { ticketTypes: ['complaint'] }, 0],
    ['one handler', 'tickets_overdue', { handlers: ['u-maria'] }, 2],
    ['two handlers', 'tickets_overdue', { handlers: ['u-maria', 'u-ion'] }, 3],
  ])('widgets - live: %s', (_n, metric, filters, value) => {
    const w = tile(metric, filters);
    expect(servedLive(w)).toBe(true);
    expect((liveData(w, snap, ctx(metric)) as { value: number | null }).value).toBe(value);
  });

  it('widgets - type and handler together read history (the snapshot has not both keys)', () => {
    expect(servedLive(tile('tickets_backlog', { ticketTypes: ['repair'], handlers: ['u-maria'] }))).toBe(false);
  });

  const grouped = (kind: 'bar' | 'table' | 'donut', groupBy: string, filters: object = {}) =>
    Widget.parse({ id: 'g', kind, layout: { x: 0, y: 0, w: 4, h: 3 }, metrics: ['tickets_backlog'], groupBy, filters, ...(kind === 'donut' ? { options: { source: 'metric' } } : {}) });
  const rows = (d: unknown) => ((d as { groups?: { key: string; label?: string; values: unknown[] }[] }).groups
    ?? (d as { slices: { key: string; label?: string; value: unknown }[] }).slices.map((s) => ({ key: s.key, label: s.label, values: [s.value] })))
    .map((g) => [g.key, g.label ?? g.key, g.values[0]]);

  it.each([
    ['a bar by ticket type', grouped('bar', 'ticketType'), [['install', 'install', 3], ['repair', 'repair', 5], ['info', 'info', 1]]],
    ['a table by ticket type, two types kept', grouped('table', 'ticketType', { ticketTypes: ['repair', 'info'] }), [['repair', 'repair', 5], ['info', 'info', 1]]],
    ['a donut by handler: named, the ticket without one included', grouped('donut', 'handler'), [['u-maria', 'Maria Pop', 4], ['u-ion', 'Ion Rusu', 2], ['', 'no handler', 3]]],
    ['a bar by handler, one handler kept', grouped('bar', 'handler', { handlers: ['u-ion'] }), [['u-ion', 'Ion Rusu', 2]]],
  ])('widgets - live: %s', (_n, w, expected) => {
    const names: Record<string, string> = { 'u-maria': 'Maria Pop', 'u-ion': 'Ion Rusu', '': 'no handler' };
    const named: LiveTickets = { ...tickets, byHandler: Object.fromEntries(Object.entries(tickets.byHandler).map(([k, f]) => [k, { ...f, label: names[k] }])) };
    const s = snapshot(new TenantLive('t', defaultTenantSettings('Europe/Rome')), now, undefined, named);
    expect(servedLive(w)).toBe(true);
    expect(rows(liveData(w, s, ctx('tickets_backlog')))).toEqual(expect.arrayContaining(expected));
    expect(rows(liveData(w, s, ctx('tickets_backlog')))).toHaveLength(expected.length);
  });

  it('widgets - grouped by type with a handler filter (or by handler with a type filter) reads history, named by its rows', () => {
    expect([servedLive(grouped('bar', 'ticketType', { handlers: ['u-ion'] })), servedLive(grouped('bar', 'handler', { ticketTypes: ['repair'] }))]).toEqual([false, false]);
    const w = grouped('bar', 'handler', { ticketTypes: ['repair'] });
    expect(historyParams(w, '2026-11-25', now)).toEqual({ from: '2026-11-25', to: '2026-11-25', groupBy: 'handler', metrics: 'tickets_backlog', ticketType: 'repair' });
    const result = { timezone: 'Europe/Rome', rows: [{ key: { handler: 'u-ion' }, label: 'Ion Rusu', metrics: { tickets_backlog: 2 } }, { key: { handler: '' }, label: 'no handler', metrics: { tickets_backlog: 1 } }] };
    expect(rows(historyData(w, result, { base: ctx('tickets_backlog').base, today: '2026-11-25' }))).toEqual([['u-ion', 'Ion Rusu', 2], ['', 'no handler', 1]]);
  });

  it('widgets - the history query carries the ticket filters', () => {
    const w = tile('tickets_overdue', { ticketTypes: ['repair', 'install'], handlers: ['u-maria'] });
    expect(historyParams(w, '2026-11-25', now)).toEqual({ from: '2026-11-25', to: '2026-11-25', metrics: 'tickets_overdue', ticketType: 'repair,install', handler: 'u-maria' });
  });
});
