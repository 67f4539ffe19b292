/**
 * `npm start`: the whole product on one port, embedded defaults unless NATS_URL / CLICKHOUSE_URL are set.
 * This process is the engine (`npm start` execs it), so SIGTERM / SIGINT to what was started stop it cleanly.
 */
import pino from 'pino';
import pretty from 'pino-pretty';
import { loadConfig } from './config.ts';
import { EngineOwnedError } from './engine/owner-lease.ts';
import { REDACT_PATHS } from './identity/redact.ts';
import { start, type Running } from './start.ts';
import { buildWeb, WebBuildError, webBuildIsStale } from './web/build.ts';
import { sveltekitPlugin } from './web/sveltekit.ts';

/** Exit codes a supervisor can tell apart (README, "One engine per stream"). */
const EXIT_ENGINE_OWNED = 2;
const EXIT_LEASE_LOST = 3;

const config = loadConfig();
const tty = process.stdout.isTTY === true;
// Pretty, readable lines on a terminal; JSON lines (for log shippers) when not a TTY.
const log = pino({ level: config.LOG_LEVEL, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
  tty ? pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }) : undefined);

let stopping = false;
let running: Running | null = null;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: flushing the last batch');
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  try {
    await running?.stop();
  } catch (err) {
    log.error({ err }, 'shutdown failed; exiting (unacked events are delivered again at the next start)');
    process.exit(1);
  }
  process.exit(0);
}
// Registered before the (slow) first build and start, so a stop during either is a clean stop too.
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

if (config.CALLBOARD_WEB === 'on' && webBuildIsStale()) {
  console.log('  building the web app (first start or after an update; about a minute)…');
  try {
    await buildWeb();
  } catch (err) {
    if (err instanceof WebBuildError) console.error(err.output);
    throw err;
  }
}
try {
  running = await start(config, {
    log,
    extra: config.CALLBOARD_WEB === 'on' ? [sveltekitPlugin] : [],
    // :NOTE: exit without flushing: what is not acked goes to the engine that owns the stream now.
    onLeaseLost: (err) => { console.error(`\n  callboard: ${err.message}\n`); process.exit(EXIT_LEASE_LOST); },
  });
} catch (err) {
  if (!(err instanceof EngineOwnedError)) throw err;
  console.error(`\n  callboard refuses to start: ${err.message}\n`);
  process.exit(EXIT_ENGINE_OWNED);
}
log.info({ url: running.url }, 'callboard is running');
const url = running.url.replace('127.0.0.1', 'localhost');
const tenant = config.CALLBOARD_BOOTSTRAP_TENANT;
console.log(`\n  callboard → ${url}\n`);
if (running.bootstrapPassword) console.log(`  sign in as "admin" of tenant "${tenant}" with password (shown once): ${running.bootstrapPassword}`);
if (running.bootstrapToken) console.log(`  admin API token for tenant "${tenant}" (shown once): ${running.bootstrapToken}`);
if (running.bootstrapPassword || running.bootstrapToken) {
  console.log(`  lost the admin password later? stop callboard, then: npm run tenant -- admin-password ${tenant}\n`);
}
