/**
 * Report latency over 13 months of history (not a test), each report table timed over the whole range — from the
 * pre-aggregated tables where they give the same answer (call_waits_hourly, call_rollup_hourly) and from call_facts
 * (`rawFacts`), in the same process, so the ratio holds whatever the machine's load.
 * `SCALE=10 node --import tsx bench/report-pages/run.ts` stores `SCALE` × ~100 calls a day for 396 days through the
 * repository (≈ 400k call facts); `node --import tsx bench/report-pages/run.ts --calls 10000000` writes N call facts
 * straight with INSERT … SELECT FROM numbers() (20 queues, 200 agents, as many each day, 08:00–19:00 like report-data.ts; the
 * materialized views fill the hourly tables as they would from the engine). `REPS` runs per report (default 5).
 */
import { defaultTenantSettings } from '@callboard/metrics';
import { testClickHouse } from '../../test/support/clickhouse.ts';
import { history } from '../../test/support/report-data.ts';
import { createRepository } from '../../apps/ingest/src/store/repository.ts';
import { runReport } from '../../apps/ingest/src/reports/run.ts';
import { DateTime } from 'luxon';

const SCALE = Number(process.env.SCALE ?? 10);
const REPS = Number(process.env.REPS ?? 5);
const callsArg = process.argv.indexOf('--calls');
const CALLS = callsArg > 0 ? Number(process.argv[callsArg + 1]) : 0;
const tz = 'Europe/Rome';
const { client, dataDir } = await testClickHouse();
const repo = createRepository(client);
const now = Date.now();
const today = DateTime.fromMillis(now, { zone: tz }).startOf('day');
let facts = 0;
const PROFILE = [0, 0, 0, 0, 0, 0, 0, 1, 6, 12, 14, 12, 8, 9, 12, 11, 9, 6, 3, 1, 0, 0, 0, 0];
const t0 = performance.now();
if (CALLS > 0) {
  const start = today.minus({ days: 396 }).toMillis();
  const days = 396;
  // The hour of a call, weighted by the daily profile of report-data.ts (08:00–19:00; local hours, DST aside).
  const HOURS = PROFILE.flatMap((w, h) => Array.from({ length: w }, () => h));
  const CHUNK = 2_000_000;
  for (let off = 0; off < CALLS; off += CHUNK) {
    const n = Math.min(CHUNK, CALLS - off);
    // r(i): a deterministic uniform [0, 1) per call and purpose.
    const r = (i: number) => `(cityHash64(number, ${i}) % 1000000) / 1000000.`;
    await client.command({
      query: `INSERT INTO call_facts (tenant, fact_id, call_id, queue, caller, channel, campaign, day, offered_at, answered_at, ended_at, agent,
          wait_ms, talk_ms, wrap_ms, outcome, exit_reason, ended_by, transferred, retain_until)
        SELECT 'bench', concat(id, '|', queue), id, queue, caller, channel, campaign, toDate(offered_at, '${tz}'), offered_at,
          if(outcome = 'answered', offered_at + toIntervalMillisecond(wait_ms), NULL), offered_at + toIntervalMillisecond(wait_ms + talk_ms), agent,
          wait_ms, talk_ms, wrap_ms, outcome, exit_reason, if(outcome = 'answered', 'caller', ''), transferred, toDate('2100-01-01')
        FROM (
          SELECT concat('n', toString(number)) AS id, concat('q', toString(cityHash64(number, 2) % 20)) AS queue,
            concat('+39 02 ', toString(cityHash64(number, 3) % 1000000)) AS caller, if(${r(4)} < 0.2, 'chat', 'voice') AS channel,
            if(${r(5)} < 0.1, 'winter-promo', '') AS campaign,
            fromUnixTimestamp64Milli(toInt64(${start} + intDiv(number * ${days}, ${CALLS}) * 86400000
              + [${HOURS.join(', ')}][1 + cityHash64(number, 15) % ${HOURS.length}] * 3600000 + cityHash64(number, 6) % 3600000), 'UTC') AS offered_at,
            ${r(7)} AS o, multiIf(o < 0.1, 'abandoned', o < 0.14, 'exited', 'answered') AS outcome,
            ['timeout', 'key', 'empty', 'full'][1 + cityHash64(number, 8) % 4] AS exit_reason_any, if(outcome = 'exited', exit_reason_any, '') AS exit_reason,
            if(outcome = 'answered', concat('agent', toString(cityHash64(number, 9) % 200)), '') AS agent,
            toUInt32(floor(${r(10)} * ${r(11)} * 120000)) AS wait_ms,
            toUInt32(if(outcome = 'answered', 30000 + cityHash64(number, 12) % 400000, 0)) AS talk_ms,
            toUInt32(if(outcome = 'answered', cityHash64(number, 13) % 60000, 0)) AS wrap_ms,
            toUInt8(outcome = 'answered' AND ${r(14)} < 0.05) AS transferred
          FROM numbers(${off}, ${n})
        )`,
      clickhouse_settings: { max_partitions_per_insert_block: '1000' },
    });
    facts += n;
    process.stdout.write(`\r${facts} call facts`);
  }
  await repo.insertIntervals(history('bench', tz, 396, now, 1).intervals, () => 3650);
  process.stdout.write('\n');
} else {
  for (let s = 1; s <= SCALE; s++) {
    const h = history('bench', tz, 396, now, s);
    for (let i = 0; i < h.facts.length; i += 50_000) await repo.insertFacts(h.facts.slice(i, i + 50_000), () => 3650);
    if (s === 1) await repo.insertIntervals(h.intervals, () => 3650);
    facts += h.facts.length;
  }
}
console.log(`stored ${facts} call facts over 396 days in ${((performance.now() - t0) / 1000).toFixed(1)} s (data ${dataDir})`);
const sizes = await (await client.query({
  query: `SELECT table, sum(rows) AS rows, formatReadableSize(sum(bytes_on_disk)) AS disk FROM system.parts
    WHERE active AND table IN ('call_facts', 'call_waits_hourly', 'call_rollup_hourly') GROUP BY table ORDER BY table`, format: 'JSONEachRow',
})).json();
console.table(sizes);
const day = (d: number) => today.minus({ days: d }).toISODate()!;
const tenant = { id: 'bench', settings: defaultTenantSettings(tz), open: [] };
const CASES = [
  ['queues', 'day', day(396), day(1), '13 months by day'],
  ['queues', 'hour', day(1), day(1), 'one day by hour (drill-down)'],
  ['service', 'hour', day(396), day(1), '13 months by hour'],
  ['historic', 'day', day(396), day(1), '13 months'],
  ['agents', 'day', day(30), day(1), 'ranking over a month'],
  ['callers-heatmap', 'day', day(396), day(1), '13 months'],
  ['missed', 'day', day(396), day(1), '13 months'],
] as const;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const out: Record<string, unknown>[] = [];
for (const [id, groupBy, from, to, what] of CASES) {
  const row: Record<string, unknown> = { report: id, groupBy, range: what };
  for (const rawFacts of [false, true]) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < REPS + 1; i++) {
      const a = performance.now();
      const r = await runReport(client, id, { from, to, groupBy, compare: 'previous' }, tenant, now, { rawFacts });
      if (i > 0) times.push(performance.now() - a); // the first run warms the caches
      rows = r.rows.length;
    }
    row.rows = rows;
    row[rawFacts ? 'raw_p50' : 'pre_p50'] = Math.round(pct(times, 50));
    row[rawFacts ? 'raw_p95' : 'pre_p95'] = Math.round(pct(times, 95));
  }
  out.push(row);
  console.log(JSON.stringify(row));
}
console.table(out);
await client.close();
