/**
 * Report latency over 13 months of history (not a test): stores `SCALE` × ~100 calls a day for 396 days in an embedded
 * ClickHouse and times each report table over the whole range (by day and by hour), cold and warm.
 * `SCALE=10 node --import tsx bench/report-pages/run.ts` (≈1,000 calls a day ≈ 400k call facts).
 */
import { defaultTenantSettings } from '@callboard/metrics';
import { testClickHouse } from '../../test/support/clickhouse.ts';
import { history } from '../../test/support/report-data.ts';
import { createRepository } from '../../apps/ingest/src/store/repository.ts';
import { runReport } from '../../apps/ingest/src/reports/run.ts';
import { DateTime } from 'luxon';

const SCALE = Number(process.env.SCALE ?? 10);
const tz = 'Europe/Rome';
const { client } = await testClickHouse();
const repo = createRepository(client);
const now = Date.now();
let facts = 0;
const t0 = performance.now();
for (let s = 1; s <= SCALE; s++) {
  const h = history('bench', tz, 396, now, s);
  for (let i = 0; i < h.facts.length; i += 50_000) await repo.insertFacts(h.facts.slice(i, i + 50_000), () => 3650);
  if (s === 1) await repo.insertIntervals(h.intervals, () => 3650);
  facts += h.facts.length;
}
console.log(`stored ${facts} call facts over 396 days in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const from = DateTime.fromMillis(now, { zone: tz }).minus({ days: 396 }).toISODate()!;
const to = DateTime.fromMillis(now, { zone: tz }).toISODate()!;
const tenant = { id: 'bench', settings: defaultTenantSettings(tz), open: [] };
const out: Record<string, unknown>[] = [];
for (const [id, groupBy] of [['queues', 'day'], ['queues', 'hour'], ['service', 'hour'], ['historic', 'day'], ['agents', 'day'], ['callers-heatmap', 'day'], ['callers-repeat', 'day'], ['missed', 'day']] as const) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const a = performance.now();
    const r = await runReport(client, id, { from, to, groupBy, compare: 'previous' }, tenant);
    times.push(performance.now() - a);
    rows = r.rows.length;
  }
  out.push({ report: id, groupBy, rows, cold_ms: Math.round(times[0]), warm_ms: Math.round(Math.min(...times.slice(1))) });
}
console.table(out);
await client.close();
