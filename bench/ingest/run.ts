/**
 * bench/ingest: N simulator events (default 1,000,000) through (a) the embedded bus and (b) NATS
 * JetStream, each into live state + ClickHouse, against the raw limits on the same data (a bare
 * JetStream consumer, a bare ClickHouse insert). Prints JSON. `npm run bench:ingest -- --count 1000000`
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsServer } from '../../test/support/nats-server.ts';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values: args } = parseArgs({ options: { count: { type: 'string', default: '1000000' } } });
const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));
// The engine runs with the V8 heap cap `npm start` gives it (CALLBOARD_HEAP_MB, default 768).
const heap = `--max-old-space-size=${process.env.CALLBOARD_HEAP_MB ?? 768}`;
const run = (mode: string, extra: string[] = []) => {
  const out = execFileSync(process.execPath, ['--expose-gc', mode === 'engine' ? heap : '--max-old-space-size=4096', '--import', 'tsx', worker, '--mode', mode, '--count', args.count!, ...extra],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop()!);
};

const leg = (extra: string[]) => {
  const data = ['--data', mkdtempSync(join(tmpdir(), 'cb-bench-'))];
  const prefill = run('prefill', [...extra, ...data]);
  return { ...prefill, ...run('engine', [...extra, ...data]), mode: extra.length ? 'nats' : 'embedded' };
};
const rawInsert = run('raw-insert');
const embedded = leg([]);
const server = await startNatsServer();
const nats = leg(['--nats', server.url]);
await server.stop();
const slowerRaw = Math.min(nats.rawConsumePerSec, rawInsert.rawInsertRowsPerSec);
const slowerRawAllRows = Math.min(nats.rawConsumePerSec, rawInsert.rawInsertAllRowsEventsPerSec);
console.log(JSON.stringify({
  events: Number(args.count),
  // Bare inserts: the events' rows alone (rows/s), and every row the engine writes for them (events/s).
  rawInsertRowsPerSec: rawInsert.rawInsertRowsPerSec,
  rawInsertAllRowsEventsPerSec: rawInsert.rawInsertAllRowsEventsPerSec,
  rowsPerEvent: rawInsert.rowsPerEvent,
  embedded,
  nats,
  ratios: {
    natsEngineToSlowerRaw: +(nats.engineEventsPerSec / slowerRaw).toFixed(2),
    natsEngineToSlowerRawAllRows: +(nats.engineEventsPerSec / slowerRawAllRows).toFixed(2),
    embeddedEngineToRawInsert: +(embedded.engineEventsPerSec / rawInsert.rawInsertRowsPerSec).toFixed(2),
    embeddedEngineToRawInsertAllRows: +(embedded.engineEventsPerSec / rawInsert.rawInsertAllRowsEventsPerSec).toFixed(2),
  },
  targets: { natsEngineToSlowerRaw: '≥ 0.5', p99AtRateMs: '< 250', peakRssMiB: '< 1024' },
}, null, 2));
