/** Assertions shared by the kill -9 tests: nothing lost, nothing counted twice, live state rebuilt. */
import { expect } from 'vitest';
import { Deduper, TenantLive, defaultTenantSettings, metricValues, type CallEvent } from '@callboard/metrics';
import { createClickHouse } from '../../apps/ingest/src/store/clickhouse.ts';

/** The live state a correct engine must have after these events (each once). */
export function reference(tenant: string, events: CallEvent[], timezone: string) {
  const live = new TenantLive(tenant, defaultTenantSettings(timezone));
  const d = new Deduper(timezone);
  let unique = 0;
  for (const ev of events) if (d.add(ev.id, ev.ts)) { live.apply(ev, ev.ts); unique++; }
  live.advance(Date.now() + 60_000);
  return { live, unique, metrics: metricValues(live.total, true) };
}

/** Metrics fixed by the events alone (wrap-up settlement depends on arrival timing, so AHT is left out). */
export const EVENT_DETERMINED = ['offered', 'answered', 'abandoned', 'short_abandoned', 'missed', 'exited', 'answered_in_sl',
  'service_level', 'service_quality', 'abandon_rate', 'asa', 'avg_abandon_wait', 'max_wait', 'handled', 'avg_talk', 'calls_per_agent'];

/** Counts that stay exact even when a redelivery comes minutes late (waits may then be estimates). */
export const COUNTS = ['offered', 'answered', 'abandoned', 'exited', 'missed', 'handled'];

export async function liveMetrics(url: string, token: string): Promise<Record<string, number | null>> {
  return (await (await fetch(`${url}/api/v1/live`, { headers: { authorization: `Bearer ${token}` } })).json()).total.metrics;
}

export async function expectLiveEquals(url: string, token: string, expected: Record<string, number | null>, ids = EVENT_DETERMINED) {
  const metrics = await liveMetrics(url, token);
  for (const id of ids) {
    const got = metrics[id];
    if (expected[id] === null) expect(got, id).toBeNull();
    else expect(got, id).toBeCloseTo(expected[id]!, 9);
  }
}

/** Opens the engine's ClickHouse after the engine stopped (one process per data dir). */
export async function expectStoredOnce(dataDir: string, tenant: string, uniqueEvents: number) {
  const { client } = createClickHouse({ dataDir });
  const one = async (sql: string) => (await (await client.query({ query: sql, query_params: { tenant }, format: 'JSONEachRow' })).json<Record<string, string>>())[0];
  const ev = await one('SELECT count() AS n, uniqExact(id) AS u FROM events WHERE tenant = {tenant:String}');
  expect(Number(ev.u), 'distinct events stored').toBe(uniqueEvents);
  expect(Number(ev.n), 'event rows (a duplicate would add one)').toBe(uniqueEvents);
  const facts = await one('SELECT count() AS n, uniqExact(fact_id) AS u FROM call_facts WHERE tenant = {tenant:String}');
  expect(Number(facts.n), 'fact rows equal distinct facts').toBe(Number(facts.u));
  const roll = await one('SELECT sum(calls) AS n FROM call_rollup_hourly WHERE tenant = {tenant:String}');
  expect(Number(roll.n), 'rollup counts each fact once').toBe(Number(facts.n));
  const iv = await one('SELECT count() AS n, uniqExact(agent, state, start_at) AS u FROM agent_states WHERE tenant = {tenant:String}');
  expect(Number(iv.n), 'interval rows equal distinct intervals').toBe(Number(iv.u));
  await client.close();
  return { facts: Number(facts.n) };
}

/** Wait (up to 60 s) until the engine's live offered count reaches the reference, then past the graces. */
export async function waitForOffered(url: string, token: string, offered: number | null, output: () => string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const got = (await liveMetrics(url, token)).offered;
    if (got === offered) break;
    if (Date.now() > deadline) throw new Error(`live offered ${got} never reached ${offered}\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 9_000)); // past the wrap-up and emit graces: every finished leg is stored
}
