import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError, type QueryString } from './query-parser.ts';

const TZ = 'Europe/Rome';
const parse = (qs: Partial<QueryString>) => parseQuery({ from: '2026-11-02', to: '2026-11-02', ...qs }, 'acme', TZ);

describe('query-parser - accepted queries', () => {
  it.each([
    { name: 'a day is its local midnight to the next (Rome, UTC+1)', qs: {}, from: '2026-11-01T23:00:00.000Z', to: '2026-11-02T23:00:00.000Z' },
    { name: 'a day across the DST change is 25 h', qs: { from: '2026-10-25', to: '2026-10-25' }, from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z' },
    { name: 'instants are taken as given (to exclusive)', qs: { from: '2026-11-02T08:00:00Z', to: '2026-11-02T09:30:00Z' }, from: '2026-11-02T08:00:00.000Z', to: '2026-11-02T09:30:00.000Z' },
    { name: 'a date and an instant mix', qs: { from: '2026-11-02', to: '2026-11-03T00:00:00+01:00' }, from: '2026-11-01T23:00:00.000Z', to: '2026-11-02T23:00:00.000Z' },
  ])('$name', ({ qs, from, to }) => {
    const q = parse(qs);
    expect(new Date(q.from).toISOString()).toBe(from);
    expect(new Date(q.to).toISOString()).toBe(to);
  });

  it.each([
    { qs: { groupBy: 'day,queue' }, groupBy: ['day', 'queue'], metrics: null, queues: [], channels: [] },
    { qs: { groupBy: ' hour , agent ' }, groupBy: ['hour', 'agent'], metrics: null, queues: [], channels: [] },
    { qs: { metrics: 'offered,service_level' }, groupBy: [], metrics: ['offered', 'service_level'], queues: [], channels: [] },
    { qs: { queue: 'sales, vip', channel: 'chat' }, groupBy: [], metrics: null, queues: ['sales', 'vip'], channels: ['chat'] },
  ])('lists: $qs', ({ qs, groupBy, metrics, queues, channels }) => {
    const q = parse(qs);
    expect(q.groupBy).toEqual(groupBy);
    if (metrics) expect(q.metrics.map((m) => m.id)).toEqual(metrics);
    else expect(q.metrics.length).toBeGreaterThan(10); // the whole catalogue
    expect(q.queues).toEqual(queues);
    expect(q.channels).toEqual(channels);
  });
});

describe('query-parser - ticket filters', () => {
  it.each([
    { qs: { metrics: 'tickets_backlog', ticketType: 'repair, fault' }, types: ['repair', 'fault'], handlers: [] },
    { qs: { metrics: 'tickets_overdue,tickets_opened', handler: 'u-maria' }, types: [], handlers: ['u-maria'] },
    { qs: { metrics: 'tickets_overdue', ticketType: 'repair', handler: 'u-maria,u-ion' }, types: ['repair'], handlers: ['u-maria', 'u-ion'] },
    { qs: { metrics: 'tickets_overdue' }, types: [], handlers: [] },
    { qs: { metrics: 'tickets_overdue,tickets_backlog', groupBy: 'handler', ticketType: 'repair' }, types: ['repair'], handlers: [] },
    { qs: { metrics: 'tickets_opened', groupBy: 'ticketType' }, types: [], handlers: [] },
  ])('ticket metrics of $qs.ticketType / $qs.handler', ({ qs, types, handlers }) => {
    const q = parse(qs);
    expect(q.ticketMetrics.map((m) => m.id)).toEqual(qs.metrics.split(','));
    expect({ types: q.ticketTypes, handlers: q.handlers }).toEqual({ types, handlers });
    expect(q.groupBy).toEqual('groupBy' in qs ? [qs.groupBy] : []);
  });
});

describe('query-parser - refused queries name the field', () => {
  it.each([
    { qs: { from: '2026-13-45' }, code: 'INVALID_DATE', message: 'from: "2026-13-45" is not a valid date' },
    { qs: { to: 'yesterday' }, code: 'INVALID_DATE', message: 'to: "yesterday" is neither YYYY-MM-DD nor an ISO-8601 instant' },
    { qs: { from: '2026-11-03', to: '2026-11-01' }, code: 'INVALID_RANGE', message: 'to must be after from' },
    { qs: { from: '2020-01-01', to: '2026-11-01' }, code: 'INVALID_RANGE', message: 'the range may span at most 800 days' },
    { qs: { groupBy: 'week' }, code: 'INVALID_GROUP', message: 'groupBy: unknown group "week"; expected day, hour, queue, agent, channel, ticketType, handler' },
    { qs: { groupBy: 'day,day' }, code: 'INVALID_GROUP', message: 'groupBy: a group is repeated' },
    { qs: { metrics: 'offered,happiness' }, code: 'UNKNOWN_METRIC', message: 'metrics: unknown metric "happiness"' },
    { qs: { channel: 'fax' }, code: 'INVALID_FILTER', message: 'channel: unknown channel "fax"' },
    { qs: { ticketType: 'fault' }, code: 'INVALID_FILTER', message: 'ticketType: filters ticket metrics only; name them in metrics' },
    { qs: { ticketType: 'fault', metrics: 'tickets_backlog,offered' }, code: 'INVALID_FILTER', message: 'ticketType: filters ticket metrics only; offered is not one' },
    { qs: { handler: 'u1', metrics: 'callbacks_open,asa,tickets_overdue' }, code: 'INVALID_FILTER', message: 'handler: filters ticket metrics only; asa, callbacks_open are not one' },
    { qs: { metrics: 'tickets_backlog', groupBy: 'day' }, code: 'INVALID_GROUP', message: 'groupBy: tickets are counted over the range in total, by ticketType or by handler, not by day: ask for tickets_backlog without groupBy, or grouped by ticketType or handler' },
    { qs: { metrics: 'offered,tickets_opened,tickets_overdue', groupBy: 'queue,hour' }, code: 'INVALID_GROUP', message: 'groupBy: tickets are counted over the range in total, by ticketType or by handler, not by queue, hour: ask for tickets_opened, tickets_overdue without groupBy, or grouped by ticketType or handler' },
    { qs: { metrics: 'tickets_backlog', groupBy: 'ticketType,handler' }, code: 'INVALID_GROUP', message: 'groupBy: ticket metrics group by ticketType or by handler, not both' },
    { qs: { metrics: 'tickets_backlog', groupBy: 'ticketType,day' }, code: 'INVALID_GROUP', message: 'groupBy: tickets are counted over the range in total, by ticketType or by handler, not by day: ask for tickets_backlog without groupBy, or grouped by ticketType or handler' },
    { qs: { groupBy: 'handler' }, code: 'INVALID_GROUP', message: 'groupBy: handler groups ticket metrics only; name them in metrics' },
    { qs: { metrics: 'offered,tickets_backlog', groupBy: 'ticketType' }, code: 'INVALID_GROUP', message: 'groupBy: ticketType groups ticket metrics only; offered is not one' },
    { qs: { metrics: 'tickets_backlog', queue: 'sales' }, code: 'INVALID_FILTER', message: 'queue: tickets have no queue; tickets_backlog takes a ticketType or handler filter instead' },
    { qs: { metrics: 'answered,tickets_backlog', agent: 'anna' }, code: 'INVALID_FILTER', message: 'agent: tickets have no agent; tickets_backlog takes a ticketType or handler filter instead' },
    { qs: { metrics: 'tickets_opened,tickets_finalised', channel: 'voice' }, code: 'INVALID_FILTER', message: 'channel: tickets have no channel; tickets_opened, tickets_finalised take a ticketType or handler filter instead' },
  ])('$code: $message', ({ qs, code, message }) => {
    let err: unknown;
    try { parse(qs); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(QueryError);
    expect(err).toMatchObject({ code, message });
  });
});
