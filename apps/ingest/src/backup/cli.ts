/** `npm run backup [-- <dir>]` and `npm run restore -- <backup dir>`: with embedded storage, stop the engine first (chdb locks its data directory). */
import path from 'node:path';
import { createBus } from '@callboard/bus';
import { loadConfig } from '../config.ts';
import { createClickHouse } from '../store/clickhouse.ts';
import { migrate } from '../store/migrate.ts';
import { runBackup } from './backup.ts';
import { runRestore } from './restore.ts';

const [command, arg] = process.argv.slice(2);
if (command !== 'backup' && command !== 'restore') {
  console.error('usage: cli.ts backup [<root dir>] | restore <backup dir>');
  process.exit(2);
}
if (command === 'restore' && !arg) {
  console.error('usage: npm run restore -- <backup dir>');
  process.exit(2);
}
const config = loadConfig();
const bus = await createBus({ NATS_URL: config.NATS_URL, dataDir: config.CALLBOARD_DATA });
const { client: ch, embedded } = createClickHouse({
  url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER,
  password: config.CLICKHOUSE_PASSWORD, dataDir: config.CALLBOARD_DATA,
});
try {
  await migrate(ch);
  if (command === 'backup') {
    const root = arg ?? (config.CALLBOARD_BACKUP_DIR && config.CALLBOARD_BACKUP_DIR !== 'off' ? config.CALLBOARD_BACKUP_DIR : path.join(config.CALLBOARD_DATA, 'backups'));
    const { dir, manifest } = await runBackup({ ch, bus, dataDir: config.CALLBOARD_DATA }, root, config.CALLBOARD_BACKUP_KEEP);
    console.log(`backup written to ${dir}`);
    for (const t of manifest.clickhouse.tables) console.log(`  ${t.name}: ${t.rows} rows`);
    for (const k of manifest.kv) console.log(`  kv ${k.bucket}: ${k.keys} keys`);
    for (const f of manifest.files) console.log(`  files ${f.dir}: ${f.count} files, ${f.bytes} bytes`);
  } else {
    const manifest = await runRestore({ ch, bus, embedded, dataDir: config.CALLBOARD_DATA }, arg!);
    console.log(`restored ${path.resolve(arg!)} (taken ${manifest.createdAt}); start the engine to rebuild live state`);
  }
} finally {
  await bus.close();
  await ch.close();
}
