/**
 * `npm start`: the whole product on one port, embedded defaults unless NATS_URL / CLICKHOUSE_URL are set.
 * This process is the engine (`npm start` execs it), so SIGTERM / SIGINT to what was started stop it cleanly.
 */
import pino from 'pino';
import pretty from 'pino-pretty';
import { loadConfig } from './config.ts';
import { REDACT_PATHS } from './identity/redact.ts';
import { start } from './start.ts';
import { buildWeb, WebBuildError, webBuildIsStale } from './web/build.ts';
import { sveltekitPlugin } from './web/sveltekit.ts';

const config = loadConfig();
const tty = process.stdout.isTTY === true;
// Pretty, readable lines on a terminal; JSON lines (for log shippers) when not a TTY.
const log = pino({ level: config.LOG_LEVEL, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
  tty ? pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }) : undefined);

let stopping = false;
let running: Awaited<ReturnType<typeof start>> | null = null;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: flushing the last batch');
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  await running?.stop();
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
running = await start(config, { log, extra: config.CALLBOARD_WEB === 'on' ? [sveltekitPlugin] : [] });
log.info({ url: running.url }, 'callboard is running');
const url = running.url.replace('127.0.0.1', 'localhost');
const tenant = config.CALLBOARD_BOOTSTRAP_TENANT;
console.log(`\n  callboard → ${url}\n`);
if (running.bootstrapPassword) console.log(`  sign in as "admin" of tenant "${tenant}" with password (shown once): ${running.bootstrapPassword}`);
if (running.bootstrapToken) console.log(`  admin API token for tenant "${tenant}" (shown once): ${running.bootstrapToken}`);
if (running.bootstrapPassword || running.bootstrapToken) {
  console.log(`  lost the admin password later? stop callboard, then: npm run tenant -- admin-password ${tenant}\n`);
}
