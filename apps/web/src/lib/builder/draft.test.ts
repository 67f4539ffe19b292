import { describe, expect, it } from 'vitest';
import { newWidget, type Widget } from '@callboard/widgets';
import { bindsTickets, fitFilters, validateDraft } from './draft.ts';

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

  it('binds tickets only when every metric is a ticket metric', () => {
    expect([bindsTickets({ metrics: ['tickets_opened'] }), bindsTickets({ metrics: ['tickets_opened', 'offered'] }), bindsTickets({ metrics: [] })]).toEqual([true, false, false]);
  });
});
