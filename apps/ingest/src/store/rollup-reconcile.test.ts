/**
 * The hourly rollup is declared once (ROLLUP_KEYS / ROLLUP_MEASURES): the migrated table must have
 * exactly those columns and that sort key, its view must compute what the declaration says, and the
 * reconcile statements derived from it must top a rollup that missed facts up to them, once.
 */
import type { CallFact } from '@callboard/metrics';
import { ROLLUP_KEYS, ROLLUP_MEASURES, ROLLUP_TABLE, rollupColumns } from '@callboard/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClickHouse } from '../../../../test/support/clickhouse.ts';
import type { ClickHouseClient } from './clickhouse.ts';
import { createRepository } from './repository.ts';

const T = Date.UTC(2026, 10, 20, 9, 15);
const fact = (factId: string, over: Partial<CallFact>): CallFact => ({
  tenant: 'roll', factId, callId: factId, queue: 'sales', caller: '+39', channel: 'voice', campaign: '', day: '2026-11-20',
  offeredAt: T, answeredAt: T + 20_000, endedAt: T + 80_000, agent: 'a1', waitMs: 20_000, talkMs: 60_000, wrapMs: 5_000,
  outcome: 'answered', exitReason: '', endedBy: 'agent', transferred: false, finished: true, ...over,
} as CallFact);
const FACTS = [
  fact('c1', {}),
  fact('c2', { waitMs: 45_000, transferred: true }),
  fact('c3', { offeredAt: T + 3600_000, agent: '', outcome: 'abandoned', answeredAt: null, talkMs: 0, wrapMs: 0, waitMs: 9_000 }),
  fact('c4', { queue: 'support', outcome: 'exited', exitReason: 'timeout', agent: '', answeredAt: null, talkMs: 0, wrapMs: 0 }),
];

describe('call_rollup_hourly - declared once', () => {
  let client: ClickHouseClient;
  let repo: ReturnType<typeof createRepository>;
  const rows = async <R>(query: string) => (await client.query({ query, format: 'JSONEachRow' })).json<R>();
  const keys = ROLLUP_KEYS.map((k) => k.name).join(', ');
  const factKeys = ROLLUP_KEYS.map((k) => `${k.fromFacts} AS ${k.name}`).join(', ');
  // Measures aliased m_<name>: `max(wait_ms)` beside `sum(wait_ms) AS wait_ms` would nest aggregates.
  /** The rollup read back per key, each measure combined as declared. */
  const rollup = () => rows(`SELECT ${keys}, ${ROLLUP_MEASURES.map((m) => `${m.combine}(${m.name}) AS m_${m.name}`).join(', ')}
    FROM ${ROLLUP_TABLE} WHERE tenant = 'roll' GROUP BY ${keys} ORDER BY ${keys}`);
  /** The same straight from call_facts, by the declaration's `fromFacts`. */
  const declared = (where = '') => rows(`SELECT ${factKeys}, ${ROLLUP_MEASURES.map((m) => `${m.fromFacts} AS m_${m.name}`).join(', ')}
    FROM call_facts WHERE tenant = 'roll' ${where} GROUP BY ${keys} ORDER BY ${keys}`);

  beforeAll(async () => {
    ({ client } = await testClickHouse());
    repo = createRepository(client);
  });
  afterAll(() => client.close());

  it('the migrated table has the declared columns, in order, with the declared types and sort key', async () => {
    const columns = await rows<{ name: string; type: string }>(
      `SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '${ROLLUP_TABLE}' ORDER BY position`);
    expect(columns).toEqual(rollupColumns());
    const [table] = await rows<{ sorting_key: string }>(`SELECT sorting_key FROM system.tables WHERE database = currentDatabase() AND name = '${ROLLUP_TABLE}'`);
    expect(table.sorting_key).toBe(keys);
  });

  it('the materialized view computes what the declaration says', async () => {
    await repo.insertFacts(FACTS, () => 30);
    const got = await rollup();
    expect(got).toHaveLength(3);
    expect(got).toEqual(await declared());
  });

  it('reconcile tops up a rollup that missed facts (a kill -9 between the two inserts), once', async () => {
    // The view missed the last two facts: the rollup holds the first two only.
    await client.command({ query: `TRUNCATE TABLE ${ROLLUP_TABLE}` });
    await client.command({ query: `INSERT INTO ${ROLLUP_TABLE} (${keys}, ${ROLLUP_MEASURES.map((m) => m.name).join(', ')})
      SELECT ${factKeys}, ${ROLLUP_MEASURES.map((m) => m.fromFacts).join(', ')}
      FROM call_facts WHERE tenant = 'roll' AND fact_id IN ('c1', 'c2') GROUP BY ${keys}` });
    expect(await rollup()).not.toEqual(await declared());
    expect(await repo.reconcileRollup('roll', '2026-11-20')).toBe(2);
    expect(await rollup()).toEqual(await declared());
    expect(await repo.reconcileRollup('roll', '2026-11-20')).toBe(0);
  });
});
