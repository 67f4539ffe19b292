/** `npm start`: the whole product on one port, embedded defaults unless NATS_URL / CLICKHOUSE_URL are set. */
import { loadConfig } from './config.ts';
import { start } from './start.ts';
import { sveltekitPlugin } from './web/sveltekit.ts';

const config = loadConfig();
const running = await start(config, { extra: config.CALLBOARD_WEB === 'on' ? [sveltekitPlugin] : [] });
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
  try {
    await running.stop();
  } catch (err) {
    log.error({ err }, 'shutdown failed; exiting (unacked events are delivered again at the next start)');
    process.exit(1);
  }
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
