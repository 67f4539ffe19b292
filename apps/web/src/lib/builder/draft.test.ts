import { describe, expect, it } from 'vitest';
import { newWidget, type Widget } from '@callboard/widgets';
import { bindsTickets, changeKind, fitFilters, groupingsFor, validateDraft } from './draft.ts';

const tile = (metrics: string[], filters: Partial<Widget['filters']>) => ({ ...newWidget('tile', 't'), metrics, filters: { ...newWidget('tile', 't').filters, ...filters } }) as Widget;

describe('builder draft - ticket filters', () => {
  it.each([
    ['a call metric with a queue keeps it', tile(['offered'], { queues: ['sales'] }), { queues: ['sales'], ticketTypes: [] }],
    ['a ticket metric drops the queue, agent and channel', tile(['tickets_backlog'], { queues: ['sales'], agents: ['anna'], channel: 'voice' }), { queues: [], agents: [], channel: null }],
    ['a ticket metric keeps its type and handler', tile(['tickets_overdue'], { ticketTypes: ['repair'], handlers: ['u1'] }), { ticketTypes: ['repair'], handlers: ['u1'] }],
    ['a call metric drops the ticket type and handler', tile(['asa'], { ticketTypes: ['repair'], handlers: ['u1'] }), { ticketTypes: [], handlers: [] }],
  ])('%s', (_n, w, filters) => {
    const fitted = fitFilters(w);
    expect(fitted.filters).toMatchObject(filters);
    expect(validateDraft(fitted).issues).toEqual([]);
  });

  it('a queue filter on a ticket metric is refused with a message that says so', () => {
    expect(validateDraft(tile(['tickets_backlog'], { queues: ['sales'] })).issues).toEqual([
      'filters.queues: tickets are not counted per queue: tickets_backlog takes a ticket type or handler filter, not queues',
    ]);
  });

  it.each([
    ['a bar of a call metric by queue, switched to a ticket metric, groups by ticket type', 'bar', 'queue', ['tickets_backlog'], 'ticketType'],
    ['a table by handler keeps its grouping', 'table', 'handler', ['tickets_overdue'], 'handler'],
    ['a bar by handler, switched to a call metric, groups by the kind\'s first grouping', 'bar', 'handler', ['offered'], 'queue'],
    ['a tile of a ticket metric shows one value', 'tile', 'none', ['tickets_opened'], 'none'],
  ] as const)('%s', (_n, kind, groupBy, metrics, expected) => {
    const fitted = fitFilters({ ...newWidget(kind, 'w'), groupBy, metrics: [...metrics] } as Widget);
    expect(fitted.groupBy).toBe(expected);
    expect(validateDraft(fitted).issues).toEqual([]);
  });

  it('changing a ticket bar into a table or donut keeps its metric and a ticket grouping', () => {
    const bar = fitFilters({ ...newWidget('bar', 'b'), metrics: ['tickets_backlog'] } as Widget);
    for (const kind of ['table', 'donut'] as const) {
      const w = changeKind(bar, kind);
      expect([w.kind, w.metrics, w.groupBy]).toEqual([kind, ['tickets_backlog'], 'ticketType']);
    }
  });

  it('offers the groupings that fit the metrics', () => {
    expect(groupingsFor({ kind: 'bar', metrics: ['tickets_backlog'] })).toEqual(['ticketType', 'handler']);
    expect(groupingsFor({ kind: 'table', metrics: ['answered', 'aht'] })).toEqual(['agent', 'queue', 'channel']);
    expect(groupingsFor({ kind: 'line', metrics: ['tickets_opened'] })).toEqual([]);
  });

  it('binds tickets only when every metric is a ticket metric', () => {
    expect([bindsTickets({ metrics: ['tickets_opened'] }), bindsTickets({ metrics: ['tickets_opened', 'offered'] }), bindsTickets({ metrics: [] })]).toEqual([true, false, false]);
  });
});
