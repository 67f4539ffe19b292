/**
 * bench/reports/exports: export speed and the engine's memory during an export. Generates `--facts` call facts
 * over 13 months (the same centre and generator as bench/reports/run.ts; skipped when `--data` already holds
 * them), starts an engine on that data (a child process, as `npm start` runs it), and exports the last M calls
 * for each M in `--sizes` as each of `--formats` through POST /api/v1/exports: rows/s from the job's start to its
 * end, the engine's RSS just before the export and its peak during it (VmHWM, reset before each export), and the
 * load average. Prints JSON; not a test.
 *
 *   npm run bench:exports -- --facts 10000000 --sizes 2000000,10000000 --data /tmp/cb-exports --keep
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { createClickHouse } from '../../apps/ingest/src/store/clickhouse.ts';
import { migrate } from '../../apps/ingest/src/store/migrate.ts';
import { callFactsSql, type HistorySpec } from '../../apps/ingest/src/simulator/history.ts';

const { values: args } = parseArgs({ options: {
  facts: { type: 'string', default: '10000000' }, sizes: { type: 'string', default: '2000000,10000000' },
  formats: { type: 'string', default: 'csv,parquet,arrow' }, source: { type: 'string', default: 'calls' },
  data: { type: 'string' }, keep: { type: 'boolean', default: false }, port: { type: 'string', default: '3918' },
} });
const FACTS = Number(args.facts);
const SIZES = args.sizes.split(',').map(Number);
const FORMATS = args.formats.split(',');
const TZ = 'Europe/Rome';
const TENANT = 'demo';
// the same bootstrap token as bench:reports: a directory kept by either serves both
const TOKEN = 'bench-reports-admin-token-0123456789';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const data = args.data ?? mkdtempSync(join(tmpdir(), 'cb-bench-exports-'));
const log = (...a: unknown[]) => console.error(new Date().toISOString().slice(11, 19), ...a);
const load = () => loadavg().map((x) => +x.toFixed(2));

// The large centre of bench/reports/run.ts: 12 queues, 600 agents.
const QUEUES = ['sales', 'support', 'billing', 'vip', 'chat', 'retention', 'tech-l1', 'tech-l2', 'orders', 'returns', 'b2b', 'outbound-cb'];
const spec = (perDay: number): HistorySpec => ({
  tenant: TENANT, timezone: TZ, retentionDays: 396, callsPerDay: perDay,
  queues: QUEUES.map((name, i) => ({ name, channel: name === 'chat' ? 'chat' : 'voice', weight: 10 + ((i * 37) % 50),
    agents: Array.from({ length: 60 }, (_, k) => `agent-${String((i * 50 + k) % 600).padStart(3, '0')}`) })),
});
const today = DateTime.now().setZone(TZ).startOf('day');
const DAYS = 395;
const firstDay = today.minus({ days: DAYS });
const day = (d: DateTime) => d.toISODate() as string;
const yesterday = day(today.minus({ days: 1 }));

/** Generates the facts unless the data directory has them; answers the first day of each export size. */
async function prepare(): Promise<{ facts: number; generateSeconds: number | null; ranges: { rows: number; from: string }[] }> {
  const { client } = createClickHouse({ dataDir: data });
  await migrate(client);
  const q = async <T>(query: string) => (await client.query({ query, format: 'JSONEachRow' })).json<T>();
  let [{ n }] = await q<{ n: string }>(`SELECT count() AS n FROM call_facts WHERE tenant = '${TENANT}'`);
  let generateSeconds: number | null = null;
  if (Number(n) < FACTS * 0.95) {
    const perDay = Math.ceil(FACTS / (DAYS * 0.9 * (5 + 2 / 3) / 7) * 1.005);
    const t0 = Date.now();
    for (let d = 0; d < DAYS; d += 14) {
      const len = Math.min(14, DAYS - d);
      await client.command({ query: callFactsSql(spec(perDay), day(firstDay.plus({ days: d })), len) });
      log(`facts: ${day(firstDay.plus({ days: d + len - 1 }))}`);
    }
    generateSeconds = (Date.now() - t0) / 1000;
    [{ n }] = await q<{ n: string }>(`SELECT count() AS n FROM call_facts WHERE tenant = '${TENANT}'`);
  }
  const perDayRows = await q<{ d: string; n: string }>(`SELECT toString(day) AS d, count() AS n FROM call_facts WHERE tenant = '${TENANT}' AND day <= '${yesterday}' GROUP BY day ORDER BY day DESC`);
  const ranges = SIZES.map((size) => {
    let sum = 0;
    let from = perDayRows[0].d;
    for (const r of perDayRows) {
      if (sum >= size) break;
      sum += Number(r.n);
      from = r.d;
    }
    return { rows: sum, from };
  });
  await client.close();
  return { facts: Number(n), generateSeconds, ranges };
}

function startEngine(): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/ingest/src/main.ts'], {
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

async function exportRun(pid: number, format: string, from: string) {
  // :NOTE: writing 5 to clear_refs resets the process's peak RSS (VmHWM), so the peak read after is this export's.
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const rssBefore = status(pid, 'VmRSS');
  const loadBefore = load();
  const job = await api('/exports', { method: 'POST', body: JSON.stringify({ source: args.source, from, to: yesterday, format }) });
  for (;;) {
    const j = await api(`/exports/${job.id}`);
    if (j.status === 'done' || j.status === 'failed') {
      if (j.status === 'failed') throw new Error(`export ${format} failed: ${j.error}`);
      const peak = status(pid, 'VmHWM');
      const seconds = (Date.parse(j.finishedAt) - Date.parse(j.createdAt)) / 1000;
      return { format, from, to: yesterday, rows: j.rows, bytes: j.bytes, seconds, rowsPerSec: Math.round(j.rows / seconds),
        rssBeforeMiB: Math.round(rssBefore), peakRssMiB: Math.round(peak), rssGrowthMiB: Math.round(peak - rssBefore), loadBefore, loadAfter: load() };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

log(`data: ${data}; facts: ${FACTS}; load ${load()}`);
const prep = await prepare();
log('prepared', prep);
const engine = await startEngine();
await new Promise((r) => setTimeout(r, 3000)); // let the engine settle (startup work) before measuring its idle RSS
const idleRssMiB = Math.round(status(engine.pid, 'VmRSS'));
const runs = [];
for (const r of prep.ranges) {
  for (const format of FORMATS) {
    runs.push(await exportRun(engine.pid, format, r.from));
    log('export', runs.at(-1));
  }
}
await engine.stop();
console.log(JSON.stringify({
  date: new Date().toISOString(), facts: prep.facts, generateSeconds: prep.generateSeconds, source: args.source,
  engineIdleRssMiB: idleRssMiB, exports: runs, targets: { rowsPerSec: '≥ 500000', rssGrowth: 'small and constant in the export size' },
}, null, 2));
if (!args.keep) rmSync(data, { recursive: true, force: true });
else if (existsSync(data)) log(`kept ${data}`);
