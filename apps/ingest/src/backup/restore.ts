/**
 * Restore a backup directory: empties each data table and materialized-view target, reloads the
 * tables from Parquet (the views refill their targets), and makes each KV bucket equal to the
 * snapshot, and the data directory's attachments equal to the backup's copy. Run it with the engine stopped, then start the engine: it rebuilds live state.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { EventBus } from '@callboard/bus';
import { BackupError, Manifest } from './manifest.ts';
import { DATA_DIRS, filesFolder, replaceTree } from './files.ts';

export interface RestoreTarget {
  ch: ClickHouseClient;
  bus: EventBus;
  /** Embedded chdb reads the Parquet file itself (its stream insert refuses chunked Parquet). */
  embedded: boolean;
  /** The data directory (CALLBOARD_DATA) the backup's files (ticket attachments) go back to. */
  dataDir: string;
}

export async function runRestore({ ch, bus, embedded, dataDir }: RestoreTarget, dir: string): Promise<Manifest> {
  const abs = path.resolve(dir);
  const file = path.join(abs, 'manifest.json');
  if (!fs.existsSync(file)) throw new BackupError(`${abs} is not a backup: no manifest.json`);
  const manifest = Manifest.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  for (const t of manifest.clickhouse.derived) await ch.command({ query: `TRUNCATE TABLE IF EXISTS \`${t}\`` });
  for (const t of manifest.clickhouse.tables) {
    const src = path.join(abs, t.file);
    try {
      await ch.command({ query: `TRUNCATE TABLE \`${t.name}\`` });
      if (embedded) await ch.command({ query: `INSERT INTO \`${t.name}\` SELECT * FROM file('${src.replace(/'/g, "\\'")}', 'Parquet')` });
      else await ch.insert({ table: t.name, values: fs.createReadStream(src), format: 'Parquet' });
    } catch (err) {
      throw new BackupError(`restoring table ${t.name} failed: ${(err as Error).message}`, { cause: err });
    }
  }
  for (const k of manifest.kv) {
    const kv = await bus.kv(k.bucket);
    const entries = JSON.parse(fs.readFileSync(path.join(abs, k.file), 'utf8')) as { key: string; value: string }[];
    const wanted = new Set(entries.map((e) => e.key));
    for (const key of await kv.keys()) if (!wanted.has(key)) await kv.delete(key);
    for (const e of entries) await kv.put(e.key, Buffer.from(e.value, 'base64'));
  }
  for (const f of manifest.files) {
    // Only the folders a backup writes, by their own names: a tampered manifest cannot aim outside the data directory.
    if (!(DATA_DIRS as readonly string[]).includes(f.dir) || f.file !== filesFolder(f.dir)) throw new BackupError(`files ${f.dir} (${f.file}): not a folder callboard backs up`);
    await replaceTree(path.join(abs, f.file), path.join(dataDir, f.dir));
  }
  return manifest;
}
