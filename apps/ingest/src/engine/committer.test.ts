/**
 * A batch ClickHouse refuses for reasons retrying cannot fix, on a real embedded ClickHouse: rows
 * spanning 120 months are split by partition and all stored; a row ClickHouse cannot read is
 * found by halving and dead-lettered with ClickHouse's error; the rest is stored once.
 */
import type { CallFact } from '@callboard/metrics';
import { describe, expect, it } from 'vitest';
import { useClickHouse } from '../../../../test/support/clickhouse.ts';
import { eventLine, TsvLines } from '../store/rows.ts';
import { groupByPartition, SafeInsert } from '../store/safe-insert.ts';
import { BatchCommit, CommitAbandonedError, retryTransient } from './committer.ts';

const agentState = (id: string, ts: number) =>
  ({ v: 1 as const, id, tenant: 'bisect', ts, type: 'agent.state' as const, agent: 'zz2', state: 'logged_out' as const });
const monthly = (n: number, from = Date.UTC(2012, 0, 15)) =>
  Array.from({ length: n }, (_, i) => { const d = new Date(from); d.setUTCMonth(d.getUTCMonth() + i); return agentState(`m${i}`, d.getTime()); });

describe('groupByPartition', () => {
  it.each([
    [[], 50, []],
    [['a', 'b', 'a'], 50, [['a', 'a', 'b']]],
    [['a', 'b', 'c', 'd', 'e'], 2, [['a', 'b'], ['c', 'd'], ['e']]],
    [['a', 'b', 'a', 'c', 'b'], 2, [['a', 'a', 'b', 'b'], ['c']]],
  ])('groups %j at most %i partitions at a time', (items, max, groups) => {
    expect(groupByPartition(items as string[], (x) => x, max)).toEqual(groups);
  });
});

describe('committing batches ClickHouse refuses', () => {
  const ch = useClickHouse();
  const ids = async (tenant: string) =>
    (await (await ch.client.query({ query: `SELECT id FROM events WHERE tenant = {tenant:String} ORDER BY id`, query_params: { tenant }, format: 'JSONEachRow' })).json<{ id: string }>()).map((r) => r.id);
  const dead = async (tenant: string) =>
    (await (await ch.client.query({ query: `SELECT reason, payload, source FROM dead_letters WHERE tenant = {tenant:String}`, query_params: { tenant }, format: 'JSONEachRow' })).json<{ reason: string; payload: string; source: string }>());

  it('stores 120 events one month apart (2012–2021) by splitting the insert by partition', async () => {
    const events = monthly(120).map((e) => ({ ...e, tenant: 'months' }));
    const lines = TsvLines.of(events.map((e, i) => eventLine(e, i + 1, 36_500)));
    // The failure the split avoids, as ClickHouse reports it:
    await expect(ch.repo.insertEvents(lines)).rejects.toThrow(/Too many partitions for single INSERT block/);
    const commit = new BatchCommit(ch.repo, { events: lines, dead: [], facts: [], intervals: [] }, () => 36_500);
    await commit.run();
    expect(commit.rejected).toEqual([]);
    expect(await ids('months')).toHaveLength(120);
  });

  it('finds the one row ClickHouse cannot read, dead-letters it with the error and stores the rest once', async () => {
    const events = monthly(40, Date.UTC(2025, 0, 3));
    const good = events.map((e, i) => eventLine(e, i + 1, 36_500));
    // A ts line as the engine wrote it before ts was bounded (year 10000 does not parse as DateTime64).
    const bad = eventLine(agentState('bad', Date.UTC(2026, 0, 1)), 99, 30).replace(/\t2026-01-01 00:00:00\.000\t/, '\t+10000-01-01 00:00:00.000\t');
    const lines = TsvLines.of([...good.slice(0, 17), bad, ...good.slice(17)]);
    const commit = new BatchCommit(ch.repo, { events: lines, dead: [], facts: [], intervals: [] }, () => 36_500);
    await commit.run();
    expect(commit.rejected).toHaveLength(1);
    expect(commit.rejected[0].reason).toMatch(/^ClickHouse refused the event: Cannot read DateTime/);
    expect(await ids('bisect')).toEqual(events.map((e) => e.id).sort());
    const stored = await dead('bisect');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: 'cc.bisect.events.agent_state', reason: expect.stringMatching(/Cannot read DateTime/) });
    expect(JSON.parse(stored[0].payload)).toMatchObject({ id: 'bad' });
  });

  it('clamps durations and keeps a fact whose line cannot be built out of the way', async () => {
    const t = Date.UTC(2026, 10, 20, 10);
    const fact = (factId: string, talkMs: number, offeredAt = t): CallFact => ({
      tenant: 'facts', factId, callId: factId, queue: 'q', caller: '+39', channel: 'voice', campaign: '', day: '2026-11-20',
      offeredAt, answeredAt: offeredAt + 1000, endedAt: offeredAt + 2000, agent: 'a', waitMs: -5, talkMs, wrapMs: 2 ** 53,
      outcome: 'answered', exitReason: '', endedBy: 'agent', transferred: false, finished: true,
    } as CallFact);
    const facts = [fact('f1', 2 ** 32 + 5), fact('f2', 73 * 365 * 86_400_000), fact('f3', 1000, Number.NaN)];
    const commit = new BatchCommit(ch.repo, { events: new TsvLines(), dead: [], facts, intervals: [] }, () => 30);
    await commit.run();
    expect(commit.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/^call_facts row not written: .*Invalid time value/)]);
    const rows = await (await ch.client.query({ query: "SELECT fact_id, wait_ms, talk_ms, wrap_ms FROM call_facts WHERE tenant = 'facts' ORDER BY fact_id", format: 'JSONEachRow' })).json();
    expect(rows).toEqual([
      { fact_id: 'f1', wait_ms: 0, talk_ms: 4_294_967_295, wrap_ms: 4_294_967_295 },
      { fact_id: 'f2', wait_ms: 0, talk_ms: 4_294_967_295, wrap_ms: 4_294_967_295 },
    ]);
  });

  it('resumes after a transient failure without writing a stored chunk twice', async () => {
    let calls = 0;
    const stored: number[][] = [];
    const insert = new SafeInsert<number>({
      whole: async () => { throw Object.assign(new Error('Too many partitions for single INSERT block (more than 100)'), { code: '252' }); },
      items: () => [1, 2, 3, 4],
      insert: async (chunk) => {
        calls++;
        // 1: refused (halved), 2: [1, 2] stored, 3: the server goes away, 4: [3, 4] stored.
        if (calls === 1) throw Object.assign(new Error('Cannot parse input'), { code: '27' });
        if (calls === 3) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        stored.push(chunk);
      },
      partition: (n) => String(n),
    });
    const retried: number[] = [];
    await retryTransient(() => insert.run(), {
      onFailure: (_e, n) => retried.push(n), onRecovered: () => {}, stopping: () => false, giveUp: () => false, wake: new Promise(() => {}),
    });
    expect(retried).toEqual([1]);
    expect(stored).toEqual([[1, 2], [3, 4]]);
    expect(insert.rejected).toEqual([]);
  });

  it('gives up retrying once told to, with a named error', async () => {
    const started = Date.now();
    const run = retryTransient(async () => { throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }); }, {
      onFailure: () => {}, onRecovered: () => {}, stopping: () => true, giveUp: () => Date.now() - started > 600, wake: Promise.resolve(),
    });
    await expect(run).rejects.toBeInstanceOf(CommitAbandonedError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
