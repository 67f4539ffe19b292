import { describe, expect, it } from 'vitest';
import { Widget, newWidget, servedLive, type WidgetOf } from '@callboard/widgets';
import type { LiveSnapshot, QueueLive } from '@callboard/metrics';
import { buildMeta } from './metric-meta.ts';
import { liveData } from './live-values.ts';
import { applyMessage } from '../live/apply.ts';

const q = (queue: string, offered: number, answered: number, waiting: number[] = []): QueueLive => ({
  queue, waiting: waiting.map((s, i) => ({ callId: `${queue}${i}`, caller: `+39${i}`, channel: 'voice', since: s })),
  agents: { ready: 1, busy: 2, wrap_up: 0, paused: 1 }, metrics: { offered, answered, short_abandoned: 0, asa: 12 },
});
const snap: LiveSnapshot = {
  tenant: 'demo', at: 1000, day: '2026-11-25', timezone: 'Europe/Rome',
  total: q('*', 30, 24, [100_000, 160_000]), queues: [q('care', 10, 9, [160_000]), q('sales', 20, 15, [100_000])],
  agents: [{ agent: 'anna', state: 'busy', since: 0, reason: '', queues: ['sales'], current: null, metrics: { answered: 7 } }],
};
const meta = buildMeta(
  [{ id: 'offered', label: 'Offered', unit: 'count', higherIsBetter: true, formula: 'x' }, { id: 'answered', label: 'Answered', unit: 'count', higherIsBetter: true, formula: 'x' }],
  [{ id: 'rate', label: 'Rate', unit: 'percent', formula: 'answered / offered * 100', higherIsBetter: true, description: '' }],
);
const w = (over: object) => Widget.parse({ ...newWidget('tile', 't'), ...over }) as WidgetOf<'tile'>;

describe('live values', () => {
  it.each([
    ['a live tile over all queues', {}, true],
    ['a tile for one queue', { filters: { queues: ['sales'] } }, true],
    ['a tile for two queues', { filters: { queues: ['sales', 'care'] } }, false],
    ['a tile by channel', { filters: { channel: 'chat' } }, false],
    ['a tile over the last 30 minutes', { window: { kind: 'last', minutes: 30 } }, false],
    ['a tile over today', { window: { kind: 'today' } }, true],
  ])('live - %s is served live: %s', (_n, over, expected) => {
    expect(servedLive(w(over))).toBe(expected);
  });

  it('live - a custom metric is its formula over the group\'s catalogue values', () => {
    expect(liveData(w({ metrics: ['rate'] }), snap, meta, 200_000).value).toBeCloseTo(80);
    expect(liveData(w({ metrics: ['rate'], filters: { queues: ['sales'] } }), snap, meta, 200_000).value).toBeCloseTo(75);
  });

  it('live - live-only quantities come from the waiting list and agent counts', () => {
    expect(liveData(w({ metrics: ['waiting_now'] }), snap, meta, 200_000).value).toBe(2);
    expect(liveData(w({ metrics: ['longest_wait_now'] }), snap, meta, 200_000).value).toBe(100);
    expect(liveData(w({ metrics: ['agents_busy'], filters: { queues: ['care'] } }), snap, meta, 200_000).value).toBe(2);
  });

  it('live - the catalogue\'s callback metrics come from a queue\'s callback figures, the oldest age on the reader\'s clock', () => {
    const withCallbacks: LiveSnapshot = {
      ...snap,
      total: { ...snap.total, callbacks: { open: 5, booked: 2, oldestOpenSince: 50_000 } },
      queues: [{ ...snap.queues[0], callbacks: { open: 0, booked: 0, oldestOpenSince: null } }, { ...snap.queues[1], callbacks: { open: 5, booked: 2, oldestOpenSince: 50_000 } }],
    };
    const cb = buildMeta([{ id: 'callbacks_open', label: 'Open callbacks', unit: 'count', higherIsBetter: false, formula: '' },
      { id: 'callbacks_oldest_open_age', label: 'Oldest open callback', unit: 'seconds', higherIsBetter: false, formula: '' }], []);
    expect(liveData(w({ metrics: ['callbacks_open'] }), withCallbacks, cb, 200_000).value).toBe(5);
    expect(liveData(w({ metrics: ['callbacks_open'], filters: { queues: ['care'] } }), withCallbacks, cb, 200_000).value).toBe(0);
    expect(liveData(w({ metrics: ['callbacks_oldest_open_age'] }), withCallbacks, cb, 200_000).value).toBe(150);
    expect(liveData(w({ metrics: ['callbacks_oldest_open_age'] }), withCallbacks, cb, 260_000).value).toBe(210);
    expect(liveData(w({ metrics: ['callbacks_oldest_open_age'], filters: { queues: ['care'] } }), withCallbacks, cb, 200_000).value).toBeNull();
    // An agent has no callback figures.
    expect(liveData(w({ metrics: ['callbacks_open'], filters: { agents: ['anna'] } }), withCallbacks, cb, 200_000).value).toBeNull();
  });

  it('live - the catalogue\'s ticket metrics come from the tenant\'s ticket figures (in total, of a type, of a handler), a delta replaces them', () => {
    const f = (opened: number, finalised: number, backlog: number, overdue: number, finaliseMs: number) => ({ key: '', label: 'all tickets', opened, finalised, backlog, overdue, finaliseMs });
    const withTickets: LiveSnapshot = { ...snap, tickets: { total: f(4, 2, 7, 1, 7_200_000), byType: { fault: { ...f(4, 2, 7, 1, 7_200_000), key: 'fault', label: 'fault' } }, byHandler: {} } };
    const tk = buildMeta([{ id: 'tickets_backlog', label: 'Open tickets', unit: 'count', higherIsBetter: false, formula: '' },
      { id: 'tickets_mean_time_to_finalise', label: 'Mean time to finalise', unit: 'seconds', higherIsBetter: false, formula: '' }], []);
    expect(liveData(w({ metrics: ['tickets_backlog'] }), withTickets, tk, 0).value).toBe(7);
    expect(liveData(w({ metrics: ['tickets_mean_time_to_finalise'] }), withTickets, tk, 0).value).toBe(3600);
    // By type (or handler): that group's figures; a type with no ticket today counts 0.
    expect(liveData(w({ metrics: ['tickets_backlog'], filters: { ticketTypes: ['fault'] } }), withTickets, tk, 0).value).toBe(7);
    expect(liveData(w({ metrics: ['tickets_backlog'], filters: { ticketTypes: ['repair'] } }), withTickets, tk, 0).value).toBe(0);
    expect(liveData(w({ metrics: ['tickets_backlog'], filters: { handlers: ['u-maria'] } }), withTickets, tk, 0).value).toBe(0);
    // Tickets are not counted per queue or agent: such a tile is refused; a snapshot without the ticket block has no value.
    expect(() => w({ metrics: ['tickets_backlog'], filters: { queues: ['care'] } })).toThrow(/tickets are not counted per queue/);
    expect(() => w({ metrics: ['tickets_backlog'], filters: { agents: ['anna'] } })).toThrow(/tickets are not counted per agent/);
    expect(liveData(w({ metrics: ['tickets_backlog'] }), snap, tk, 0).value).toBeNull();
    const next = applyMessage(withTickets, { type: 'delta', at: 1, day: snap.day, tickets: { total: f(5, 2, 8, 1, 7_200_000), byType: {}, byHandler: {} } })!;
    expect(liveData(w({ metrics: ['tickets_backlog'] }), next, tk, 0).value).toBe(8);
    expect(applyMessage(next, { type: 'delta', at: 2, day: snap.day })!.tickets?.total.backlog).toBe(8);
  });

  it('live - a bar by queue keeps only the filtered queues; callers waiting are longest first', () => {
    const bar = Widget.parse({ ...newWidget('bar', 'b'), metrics: ['offered', 'rate'], filters: { queues: ['sales'] } }) as WidgetOf<'bar'>;
    expect(liveData(bar, snap, meta, 0).groups).toEqual([{ key: 'sales', values: [20, 75] }]);
    const waiting = liveData(newWidget('waiting', 'w'), snap, meta, 0).callers!;
    expect(waiting.map((c) => c.queue)).toEqual(['sales', 'care']);
  });
});
