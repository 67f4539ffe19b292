/** `npm start`: the whole product on one port, embedded defaults unless NATS_URL / CLICKHOUSE_URL are set. */
import { loadConfig } from './config.ts';
import { start, type Running } from './start.ts';
import { EngineOwnedError } from './engine/owner-lease.ts';
import { sveltekitPlugin } from './web/sveltekit.ts';

/** Exit codes a supervisor can tell apart (README, "One engine per stream"). */
const EXIT_ENGINE_OWNED = 2;
const EXIT_LEASE_LOST = 3;

const config = loadConfig();
let running: Running;
try {
  running = await start(config, {
    extra: config.CALLBOARD_WEB === 'on' ? [sveltekitPlugin] : [],
    // :NOTE: exit without flushing: what is not acked goes to the engine that owns the stream now.
    onLeaseLost: (err) => { console.error(`\n  callboard: ${err.message}\n`); process.exit(EXIT_LEASE_LOST); },
  });
} catch (err) {
  if (!(err instanceof EngineOwnedError)) throw err;
  console.error(`\n  callboard refuses to start: ${err.message}\n`);
  process.exit(EXIT_ENGINE_OWNED);
}
const { log } = running.services;
log.info({ url: running.url }, 'callboard is running');
console.log(`\n  callboard → ${running.url.replace('127.0.0.1', 'localhost')}\n`);
if (running.bootstrapPassword) console.log(`  sign in as "admin" of tenant "${config.CALLBOARD_BOOTSTRAP_TENANT}" with password (shown once): ${running.bootstrapPassword}\n`);
if (running.bootstrapToken) console.log(`  admin API token for tenant "${config.CALLBOARD_BOOTSTRAP_TENANT}" (shown once): ${running.bootstrapToken}\n`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: flushing the last batch');
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  await running.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
