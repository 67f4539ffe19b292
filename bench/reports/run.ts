/**
 * bench/reports: 13 months of history of a large centre (default 100 million call facts, `--facts N` for fewer)
 * written straight into ClickHouse (INSERT … SELECT from numbers()), then, through the HTTP API of an engine
 * started on that data (a child process, as `npm start` runs it): the 13-month daily queue report, a one-day hourly
 * drill-down, the agent ranking over a month and the day × hour heatmap over 13 months (p50/p95 of `--runs`),
 * exports of `--export-rows` calls (default 10 million) as CSV, Parquet and Arrow (rows/s, the engine's peak RSS),
 * and the storage per million calls. Prints JSON.
 *
 * The reports are timed on GET /api/v1/reports/:id (the report pages' API: rows and totals). The engine's start is
 * timed too (to /readyz): on a kept data directory written before a migration, that migration's backfill is in it.
 * `--export-rows 0` leaves the exports out; `--generate-only` writes the history into `--data` and stops; a `--data`
 * directory that already holds the history is reused as it is.
 *
 *   npm run bench:reports -- --facts 100000000
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
  // only write the history (into --data, kept), no engine, no timing
  'generate-only': { type: 'boolean', default: false },

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

const PARTS_SQL = 'SELECT table, sum(bytes_on_disk) AS bytes, sum(rows) AS rows FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table';

async function generate() {
  const { client } = createClickHouse({ dataDir: data });
  await migrate(client);
  // a kept data directory that already holds this tenant's history is reused as it is (its facts are counted)
  const [{ have }] = await (await client.query({ query: `SELECT count() AS have FROM call_facts WHERE tenant = '${TENANT}'`, format: 'JSONEachRow' })).json<{ have: string }>();
  const reuse = Number(have) > 0;
  if (reuse) log(`reusing ${have} facts in ${data}`);
  // each day draws 80-100 % of the busiest weekday (0.9 on average) and weekends a third of a weekday: (5 + 2/3) / 7 of the
  // days' nominal volume; half a per cent over so that the drawn total reaches FACTS
  const perDay = Math.ceil(FACTS / (DAYS * 0.9 * (5 + 2 / 3) / 7) * 1.005);
  const s = spec(perDay);
  const t0 = Date.now();
  for (let d = 0; d < DAYS && !reuse; d += 14) {
    const len = Math.min(14, DAYS - d);
    await client.command({ query: callFactsSql(s, day(firstDay.plus({ days: d })), len) });
    log(`facts: ${day(firstDay.plus({ days: d + len - 1 }))}`);
  }
  const factsSeconds = (Date.now() - t0) / 1000;
  const t1 = Date.now();
  for (let d = 0; d < DAYS && !reuse; d += 31) {
    await client.command({ query: agentStatesSql(s, day(firstDay.plus({ days: d })), day(firstDay.plus({ days: Math.min(DAYS, d + 31) - 1 }))) });
  }
  const q = async <T>(query: string) => (await client.query({ query, format: 'JSONEachRow' })).json<T>();
  // the last day with facts: a generation stopped part-way leaves the last months empty, and the one-day and one-month
  // reports are timed on its last days (with agent states for that month, if it has none)
  const [{ last }] = await q<{ last: string }>(`SELECT toString(max(day)) AS last FROM call_facts WHERE tenant = '${TENANT}'`);
  const [{ states }] = await q<{ states: string }>(`SELECT count() AS states FROM agent_states WHERE tenant = '${TENANT}' AND day >= toDate('${last}') - 30`);
  if (reuse && Number(states) === 0) await client.command({ query: agentStatesSql(s, day(DateTime.fromISO(last).minus({ days: 30 })), last) });
  const statesSeconds = (Date.now() - t1) / 1000;
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
  const parts = await q<{ table: string; bytes: string; rows: string }>(PARTS_SQL);
  await client.close();
  return { facts: Number(n), lastDay: last, perWeekday: perDay, factsSeconds, statesSeconds, exportFrom, exportRows: sum, parts };
}

function startEngine(): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${process.env.CALLBOARD_HEAP_MB ?? 768}`, '--import', 'tsx', 'apps/ingest/src/main.ts'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CALLBOARD_DATA: data, PORT: args.port, CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', CALLBOARD_BACKUP_DIR: 'off',
      CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_TIMEZONE: TZ, LOG_LEVEL: 'warn', CALLBOARD_ADMIN_PASSWORD: 'bench-admin-password' },
  });
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  return (async () => {
    // :NOTE: migrations run before the engine listens; a backfill over 100 M facts takes minutes.
    for (let i = 0; i < 4 * 3600; i++) {
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
if (args['generate-only']) process.exit(0);
const t2 = Date.now();
const engine = await startEngine();
const engineStartSeconds = (Date.now() - t2) / 1000;
log(`engine ready in ${engineStartSeconds} s`);
const yesterday = day(today.minus({ days: 1 }));
const lastDay = gen.lastDay < yesterday ? gen.lastDay : yesterday;
const monthAgo = day(DateTime.fromISO(lastDay).minus({ days: 29 }));
const loadBefore = loadavg();
const reports = {
  dailyQueue13Months: await timed(`/reports/queues?from=${day(firstDay)}&to=${yesterday}&groupBy=day`),
  hourlyOneDay: await timed(`/reports/queues?from=${lastDay}&to=${lastDay}&groupBy=hour`),
  agentRankingMonth: await timed(`/reports/agents?from=${monthAgo}&to=${lastDay}`),
  heatmap13Months: await timed(`/reports/callers-heatmap?from=${day(firstDay)}&to=${yesterday}`),
};
const load = { before: loadBefore.map((x) => +x.toFixed(1)), after: loadavg().map((x) => +x.toFixed(1)) };
log('reports', reports, load);
const exportsRun = [];
for (const format of EXPORT_ROWS > 0 ? ['csv', 'parquet', 'arrow'] : []) {
  exportsRun.push(await exportRun(engine.pid, format, gen.exportFrom, yesterday));
  log('export', exportsRun.at(-1));
}
const peakRssMiB = Math.round(status(engine.pid, 'VmHWM'));
await engine.stop();
const { client: after } = createClickHouse({ dataDir: data });
gen.parts = await (await after.query({ query: PARTS_SQL, format: 'JSONEachRow' })).json();
await after.close();
const storage = Object.fromEntries(gen.parts.map((p) => [p.table, { bytes: Number(p.bytes), rows: Number(p.rows) }]));
const callBytes = (storage.call_facts?.bytes ?? 0) + (storage.call_rollup_hourly?.bytes ?? 0);
console.log(JSON.stringify({
  date: new Date().toISOString(),
  facts: gen.facts, lastFactDay: gen.lastDay, days: DAYS + 1, perWeekday: gen.perWeekday, generate: { factsSeconds: gen.factsSeconds, agentStatesSeconds: gen.statesSeconds },
  engineStartSeconds, reports, load, exports: exportsRun, engineLifetimePeakRssMiB: peakRssMiB,
  storage: { perMillionCallsGB: +(callBytes / 1e9 / (gen.facts / 1e6)).toFixed(4), perMillionCallsAllTablesGB: +(gen.parts.reduce((n, p) => n + Number(p.bytes), 0) / 1e9 / (gen.facts / 1e6)).toFixed(4), tables: storage },
  // the engine's tables that reports read besides the facts: hourly rollup, hourly and daily wait histograms
  reportTablesGB: +(['call_rollup_hourly', 'call_waits_hourly', 'call_waits_daily'].reduce((n, t) => n + (storage[t]?.bytes ?? 0), 0) / 1e9).toFixed(3),
  targets: { dailyQueue13MonthsP95Ms: '< 300', exportRowsPerSec: '≥ 500000', peakRssMiB: '< 300', perMillionCallsGB: '≤ 0.2' },
}, null, 2));
if (!args.keep) rmSync(data, { recursive: true, force: true });
