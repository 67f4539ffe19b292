import { defaultTenantSettings } from '@callboard/metrics';
import { describe, expect, it } from 'vitest';
import { buildStatements } from './query-builder.ts';
import { parseQuery, type QueryString } from './query-parser.ts';

const settings = defaultTenantSettings('Europe/Rome');
const build = (qs: Partial<QueryString>) =>
  buildStatements(parseQuery({ from: '2026-11-01', to: '2026-11-30', ...qs }, 'acme', 'Europe/Rome'), settings);

describe('query-builder - statements per source table', () => {
  it.each([
    { name: 'call metrics only', qs: { metrics: 'offered,answered' }, tables: ['call_rollup_hourly'] },
    { name: 'a threshold metric reads call facts', qs: { metrics: 'service_level' }, tables: ['call_facts'] },
    { name: 'call and agent metrics: one statement each', qs: { metrics: 'offered,occupancy' }, tables: ['call_rollup_hourly', 'agent_states'] },
    { name: 'agent metrics have no queue: left out of a queue grouping', qs: { metrics: 'offered,occupancy', groupBy: 'queue' }, tables: ['call_rollup_hourly'] },
    { name: 'agent metrics have no channel: left out under a channel filter', qs: { metrics: 'offered,occupancy', channel: 'voice' }, tables: ['call_rollup_hourly'] },
    { name: 'agent metrics by agent', qs: { metrics: 'occupancy', groupBy: 'agent' }, tables: ['agent_states'] },
  ])('$name → $tables', ({ qs, tables }) => {
    expect(build(qs).map((s) => s.table)).toEqual(tables);
  });
});

describe('query-builder - user input only as bound parameters', () => {
  it.each([
    { name: 'queue filter', qs: { queue: "sales'; DROP TABLE call_facts; --" }, param: 'queues', clause: 'queue IN {queues:Array(String)}' },
    { name: 'agent filter', qs: { agent: "x' OR 1=1 --" }, param: 'agents', clause: 'agent IN {agents:Array(String)}' },
  ])('$name', ({ qs, param, clause }) => {
    const [s] = build({ metrics: 'offered', ...qs });
    expect(s.sql).toContain(clause);
    expect(s.sql).not.toContain('DROP');
    expect(s.sql).not.toContain('OR 1=1');
    expect(s.params[param]).toEqual(String(Object.values(qs)[0]).split(',').map((x: string) => x.trim()));
  });

  it.each([
    { groupBy: 'day', keys: ['g_day'], order: ['g_day'] },
    { groupBy: 'hour,queue', keys: ['g_hour', 'g_queue'], order: ['min(toStartOfHour(offered_at))', 'g_queue'] },
    { groupBy: 'agent', keys: ['g_agent'], order: ['g_agent'], extra: "agent != ''" },
  ])('groupBy $groupBy groups by $keys and orders by $order', ({ groupBy, keys, order, extra }) => {
    const [s] = build({ metrics: 'service_level', groupBy });
    expect(s.sql).toContain(`GROUP BY ${keys.join(', ')} ORDER BY ${order.join(', ')}`);
    if (extra) expect(s.sql).toContain(extra);
    expect(s.params.tz).toBe('Europe/Rome');
  });

  it('bounds the partition key (day) around the range so ClickHouse prunes the scan', () => {
    const [s] = build({ metrics: 'service_level' });
    expect(s.sql).toContain('day >= toDate({from:DateTime64(3)}, {tz:String}) - 1 AND day <= toDate({to:DateTime64(3)}, {tz:String}) + 1');
    expect(s.params).toMatchObject({ tenant: 'acme', from: '2026-10-31 23:00:00.000', to: '2026-11-30 23:00:00.000' });
  });
});
