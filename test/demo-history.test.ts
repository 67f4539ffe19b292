/**
 * Demo history: past days of simulated calls written straight into ClickHouse, consistent with the metric
 * definitions (every call left its queue; answered calls have an agent of their queue; agents' ready, busy and
 * wrap-up give a plausible occupancy), today left alone, and a second run writes nothing.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { dayWindow } from '@callboard/metrics';
import { useClickHouse } from './support/clickhouse.ts';
import { demoHistorySpec, writeDemoHistory } from '../apps/ingest/src/simulator/history.ts';

const TZ = 'Europe/Rome';
const log = pino({ level: 'silent' });

describe('demo history', () => {
  const ch = useClickHouse();
  const spec = demoHistorySpec('demo', TZ, 1, 396);
  const rows = async <T>(query: string) => (await ch.client.query({ query, format: 'JSONEachRow' })).json<T>();

  it('history - writes the missing past days, never today, and is idempotent', async () => {
    expect(await writeDemoHistory(ch.client, spec, 14, log, () => false, { idle: 0 })).toBe(14);
    const days = await rows<{ day: string; n: string }>("SELECT toString(day) AS day, count() AS n FROM call_facts FINAL WHERE tenant = 'demo' GROUP BY day ORDER BY day");
    expect(days).toHaveLength(14);
    const today = dayWindow(Date.now(), TZ).day;
    expect(days.every((d) => d.day < today)).toBe(true);
    expect(days.at(-1)!.day).toBe(dayWindow(Date.now() - 86_400_000, TZ).day);
    const weekdays: number[] = [];
    for (const d of days) {
      const weekend = [0, 6].includes(new Date(`${d.day}T12:00:00Z`).getUTCDay());
      const n = Number(d.n);
      if (weekend) expect(n).toBeLessThan(spec.callsPerDay * 0.5);
      else weekdays.push(n);
    }
    // Each weekday draws 80-100 % of the busiest day's calls, and no two days are alike.
    for (const n of weekdays) expect(n / spec.callsPerDay).toBeGreaterThan(0.75);
    for (const n of weekdays) expect(n / spec.callsPerDay).toBeLessThan(1.03);
    expect(new Set(weekdays).size).toBeGreaterThan(weekdays.length / 2);
    const shapes = await rows<{ day: string; asa: number }>(
      "SELECT toString(day) AS day, avgIf(wait_ms, outcome = 'answered') AS asa FROM call_facts FINAL WHERE tenant = 'demo' GROUP BY day");
    expect(new Set(shapes.map((x) => Math.round(x.asa))).size).toBe(shapes.length);
    expect(await writeDemoHistory(ch.client, spec, 14, log, () => false, { idle: 0 })).toBe(0);
  });

  it('history - figures follow the metric definitions', async () => {
    const [m] = await rows<Record<string, number>>(`
      SELECT countIf(outcome = 'answered') / count() AS answered, countIf(outcome NOT IN ('answered', 'abandoned', 'exited')) AS other,
             avgIf(wait_ms, outcome = 'answered') AS asa, countIf(outcome = 'answered' AND (agent = '' OR answered_at IS NULL)) AS noAgent,
             countIf(ended_at < offered_at) AS backwards, avgIf(talk_ms + wrap_ms, outcome = 'answered') AS aht
      FROM call_facts FINAL WHERE tenant = 'demo'`);
    expect(Number(m.other)).toBe(0);
    expect(Number(m.noAgent)).toBe(0);
    expect(Number(m.backwards)).toBe(0);
    expect(Number(m.answered)).toBeGreaterThan(0.8);
    expect(Number(m.asa)).toBeGreaterThan(5000);
    expect(Number(m.asa)).toBeLessThan(30_000);
    expect(Number(m.aht)).toBeGreaterThan(60_000);
    // each answered call's agent serves its queue
    const members = new Map(spec.queues.map((q) => [q.name, new Set(q.agents)]));
    const pairs = await rows<{ queue: string; agent: string }>("SELECT DISTINCT queue, agent FROM call_facts WHERE tenant = 'demo' AND agent != ''");
    for (const p of pairs) expect(members.get(p.queue)!.has(p.agent)).toBe(true);
    const [occ] = await rows<{ occupancy: number; days: string }>(`
      SELECT sumIf(duration_ms, state IN ('busy', 'wrap_up')) / sum(duration_ms) AS occupancy, uniqExact(day) AS days FROM agent_states FINAL WHERE tenant = 'demo'`);
    expect(Number(occ.days)).toBe(14);
    expect(Number(occ.occupancy)).toBeGreaterThan(0.55);
    expect(Number(occ.occupancy)).toBeLessThan(0.9);
    // the hourly rollup (reports, wallboard history) filled itself
    const [r] = await rows<{ calls: string }>("SELECT sum(calls) AS calls FROM call_rollup_hourly WHERE tenant = 'demo'");
    const [f] = await rows<{ n: string }>("SELECT count() AS n FROM call_facts FINAL WHERE tenant = 'demo'");
    expect(r.calls).toBe(f.n);
  });
});
