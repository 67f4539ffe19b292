/**
 * bench/reports: 13 months of history of a large centre (default 100 million call facts, `--facts N` for fewer)
 * written straight into ClickHouse (INSERT … SELECT from numbers()), then, through the HTTP API of an engine
 * started on that data (a child process, as `npm start` runs it): the 13-month daily queue report, a one-day hourly
 * drill-down, the agent ranking over a month and the day × hour heatmap over 13 months (p50/p95 of `--runs`),
 * exports of `--export-rows` calls (default 10 million) as CSV, Parquet and Arrow (rows/s, the engine's peak RSS),
 * and the storage per million calls. Prints JSON.
 *
 * :NOTE: until the reports API lands, the reports are timed on GET /api/v1/metrics (the existing query path)
 * with the same metrics and groupings.
 *
 *   npm run bench:reports -- --facts 100000000
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { createClickHouse } from '../../apps/ingest/src/store/clickhouse.ts';
import { migrate } from '../../apps/ingest/src/store/migrate.ts';
import { agentStatesSql, callFactsSql, type HistorySpec } from '../../apps/ingest/src/simulator/history.ts';

const { values: args } = parseArgs({ options: {
  facts: { type: 'string', default: '100000000' }, 'export-rows': { type: 'string', default: '10000000' }, runs: { type: 'string', default: '20' },
  data: { type: 'string' }, keep: { type: 'boolean', default: false }, port: { type: 'string', default: '3917' },
} });
const FACTS = Number(args.facts);
const EXPORT_ROWS = Math.min(Number(args['export-rows']), FACTS);
const RUNS = Number(args.runs);
const TZ = 'Europe/Rome';
const TENANT = 'demo';
const TOKEN = 'bench-reports-admin-token-0123456789';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const data = args.data ?? mkdtempSync(join(tmpdir(), 'cb-bench-reports-'));
const log = (...a: unknown[]) => console.error(new Date().toISOString().slice(11, 19), ...a);

// A large centre: 12 queues, 600 agents (50 a queue, some in two).
const QUEUES = ['sales', 'support', 'billing', 'vip', 'chat', 'retention', 'tech-l1', 'tech-l2', 'orders', 'returns', 'b2b', 'outbound-cb'];
const spec = (perDay: number): HistorySpec => ({
  tenant: TENANT, timezone: TZ, retentionDays: 396, callsPerDay: perDay,
  queues: QUEUES.map((name, i) => ({ name, channel: name === 'chat' ? 'chat' : 'voice', weight: 10 + ((i * 37) % 50),
    agents: Array.from({ length: 60 }, (_, k) => `agent-${String((i * 50 + k) % 600).padStart(3, '0')}`) })),
});

const today = DateTime.now().setZone(TZ).startOf('day');
const DAYS = 395; // 13 months back from yesterday, inside the 396-day retention
const firstDay = today.minus({ days: DAYS });
const day = (d: DateTime) => d.toISODate() as string;

async function generate() {
  const { client } = createClickHouse({ dataDir: data });
  await migrate(client);
  // weekends carry a third of a weekday's calls: (5 + 2/3) / 7 of the days' nominal volume
  const perDay = Math.ceil(FACTS / (DAYS * (5 + 2 / 3) / 7));
  const s = spec(perDay);
  const t0 = Date.now();
  for (let d = 0; d < DAYS; d += 14) {
    const len = Math.min(14, DAYS - d);
    await client.command({ query: callFactsSql(s, day(firstDay.plus({ days: d })), len) });
    log(`facts: ${day(firstDay.plus({ days: d + len - 1 }))}`);
  }
  const factsSeconds = (Date.now() - t0) / 1000;
  const t1 = Date.now();
  for (let d = 0; d < DAYS; d += 31) {
    await client.command({ query: agentStatesSql(s, day(firstDay.plus({ days: d })), day(firstDay.plus({ days: Math.min(DAYS, d + 31) - 1 }))) });
  }
  const statesSeconds = (Date.now() - t1) / 1000;
  const q = async <T>(query: string) => (await client.query({ query, format: 'JSONEachRow' })).json<T>();
  const [{ n }] = await q<{ n: string }>(`SELECT count() AS n FROM call_facts WHERE tenant = '${TENANT}'`);
  // the export range: the last days that together hold EXPORT_ROWS calls
  const perDayRows = await q<{ d: string; n: string }>(`SELECT toString(day) AS d, count() AS n FROM call_facts WHERE tenant = '${TENANT}' GROUP BY day ORDER BY day DESC`);
  let sum = 0;
  let exportFrom = perDayRows[0].d;
  for (const r of perDayRows) {
    if (sum >= EXPORT_ROWS) break;
    sum += Number(r.n);
    exportFrom = r.d;
  }
  const parts = await q<{ table: string; bytes: string; rows: string }>(`SELECT table, sum(bytes_on_disk) AS bytes, sum(rows) AS rows FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table`);
  await client.close();
  return { facts: Number(n), perWeekday: perDay, factsSeconds, statesSeconds, exportFrom, exportRows: sum, parts };
}

function startEngine(): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${process.env.CALLBOARD_HEAP_MB ?? 768}`, '--import', 'tsx', 'apps/ingest/src/main.ts'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CALLBOARD_DATA: data, PORT: args.port, CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', CALLBOARD_BACKUP_DIR: 'off',
      CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_TIMEZONE: TZ, LOG_LEVEL: 'warn', CALLBOARD_ADMIN_PASSWORD: 'bench-admin-password' },
  });
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  return (async () => {
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${args.port}/readyz`)).ok) return { pid: child.pid!, stop: async () => { child.kill('SIGTERM'); await exited; } };
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('engine did not start');
  })();
}

const status = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const api = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`http://127.0.0.1:${args.port}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function timed(path: string) {
  await api(path); // warm-up
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const body = await api(path);
    ms.push(performance.now() - t);
    rows = (body.rows ?? body.groups ?? []).length;
  }
  return { path, rows, p50Ms: +pct(ms, 50).toFixed(1), p95Ms: +pct(ms, 95).toFixed(1) };
}

async function exportRun(pid: number, format: string, from: string, to: string) {
  const rssBefore = status(pid, 'VmRSS');
  let peak = rssBefore;
  const job = await api('/exports', { method: 'POST', body: JSON.stringify({ source: 'calls', from, to, format }) });
  for (;;) {
    peak = Math.max(peak, status(pid, 'VmRSS'));
    const j = await api(`/exports/${job.id}`);
    if (j.status === 'done' || j.status === 'failed') {
      if (j.status === 'failed') throw new Error(`export ${format} failed: ${j.error}`);
      const seconds = (Date.parse(j.finishedAt) - Date.parse(j.createdAt)) / 1000;
      return { format, rows: j.rows, bytes: j.bytes, seconds, rowsPerSec: Math.round(j.rows / seconds), rssBeforeMiB: Math.round(rssBefore), peakRssMiB: Math.round(peak) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

log(`data: ${data}; facts: ${FACTS}`);
const gen = await generate();
log('generated', gen);
const engine = await startEngine();
const yesterday = day(today.minus({ days: 1 }));
const monthAgo = day(today.minus({ days: 30 }));
const metrics = 'offered,answered,abandoned,service_level,asa,aht';
const reports = {
  dailyQueue13Months: await timed(`/metrics?from=${day(firstDay)}&to=${yesterday}&groupBy=day,queue&metrics=${metrics}`),
  hourlyOneDay: await timed(`/metrics?from=${yesterday}&to=${yesterday}&groupBy=hour,queue&metrics=${metrics}`),
  agentRankingMonth: await timed(`/metrics?from=${monthAgo}&to=${yesterday}&groupBy=agent&metrics=answered,aht,occupancy`),
  heatmap13Months: await timed(`/metrics?from=${day(firstDay)}&to=${yesterday}&groupBy=day,hour&metrics=offered`),
};
log('reports', reports);
const exportsRun = [];
for (const format of ['csv', 'parquet', 'arrow']) {
  exportsRun.push(await exportRun(engine.pid, format, gen.exportFrom, yesterday));
  log('export', exportsRun.at(-1));
}
const peakRssMiB = Math.round(status(engine.pid, 'VmHWM'));
await engine.stop();
const storage = Object.fromEntries(gen.parts.map((p) => [p.table, { bytes: Number(p.bytes), rows: Number(p.rows) }]));
const callBytes = (storage.call_facts?.bytes ?? 0) + (storage.call_rollup_hourly?.bytes ?? 0);
console.log(JSON.stringify({
  date: new Date().toISOString(),
  facts: gen.facts, days: DAYS + 1, perWeekday: gen.perWeekday, generate: { factsSeconds: gen.factsSeconds, agentStatesSeconds: gen.statesSeconds },
  reports, exports: exportsRun, engineLifetimePeakRssMiB: peakRssMiB,
  storage: { perMillionCallsGB: +(callBytes / 1e9 / (gen.facts / 1e6)).toFixed(4), perMillionCallsAllTablesGB: +(gen.parts.reduce((n, p) => n + Number(p.bytes), 0) / 1e9 / (gen.facts / 1e6)).toFixed(4), tables: storage },
  targets: { dailyQueue13MonthsP95Ms: '< 300', exportRowsPerSec: '≥ 500000', peakRssMiB: '< 300', perMillionCallsGB: '≤ 0.2' },
}, null, 2));
if (!args.keep) rmSync(data, { recursive: true, force: true });
