/**
 * Backup of operational and analytic data into `<root>/callboard-<UTC time>/`: each ClickHouse table
 * as Parquet (streamed), each KV bucket as JSON, ticket attachments as files, and manifest.json. Written under a `.partial` name
 * and renamed when complete, so a crash never leaves a half backup that looks whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { Buckets } from '@callboard/nats';
import type { EventBus } from '@callboard/bus';
import { Manifest, type Manifest as ManifestT } from './manifest.ts';
import { planTables } from './tables.ts';
import { copyTree, DATA_DIRS, filesFolder } from './files.ts';

export interface BackupTarget {
  ch: ClickHouseClient;
  bus: EventBus;
  /** The data directory (CALLBOARD_DATA): its ticket attachments are copied too; absent: no files. */
  dataDir?: string;
}

const PREFIX = 'callboard-';

export async function runBackup({ ch, bus, dataDir }: BackupTarget, root: string, keep = 14): Promise<{ dir: string; manifest: ManifestT }> {
  const name = `${PREFIX}${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  const tmp = path.join(root, `${name}.partial`);
  fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
  const plan = await planTables(ch);
  const tables: ManifestT['clickhouse']['tables'] = [];
  for (const table of plan.data) {
    const rows = Number((await (await ch.query({ query: `SELECT count() AS n FROM \`${table}\``, format: 'JSONEachRow' })).json<{ n: string }>())[0].n);
    const file = `${table}.parquet`;
    const out = await ch.exec({ query: `SELECT * FROM \`${table}\` FORMAT Parquet` });
    await pipeline(out.stream, fs.createWriteStream(path.join(tmp, file), { mode: 0o600 }));
    tables.push({ name: table, file, rows });
  }
  const kv: ManifestT['kv'] = [];
  for (const bucket of Object.values(Buckets)) {
    const store = await bus.kv(bucket);
    const entries: { key: string; value: string }[] = [];
    for (const key of await store.keys()) {
      const e = await store.get(key);
      if (e) entries.push({ key, value: Buffer.from(e.value).toString('base64') });
    }
    const file = `kv-${bucket}.json`;
    // :NOTE: holds password and token hashes and session hashes: the directory is 0700 and files 0600.
    fs.writeFileSync(path.join(tmp, file), JSON.stringify(entries), { mode: 0o600 });
    kv.push({ bucket, file, keys: entries.length });
  }
  // :NOTE: files are copied after the KV buckets: every attachment a ticket lists was on disk before the ticket named
  // it, so the copy has all of them (at worst one uploaded meanwhile that no ticket of the backup lists).
  const files: ManifestT['files'] = [];
  for (const dir of dataDir ? DATA_DIRS : []) {
    const file = filesFolder(dir);
    files.push({ dir, file, ...(await copyTree(path.join(dataDir!, dir), path.join(tmp, file), true)) });
  }
  const manifest = Manifest.parse({ format: 1, createdAt: new Date().toISOString(), clickhouse: { tables, derived: plan.derived }, kv, files });
  fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const dir = path.join(root, name);
  fs.renameSync(tmp, dir);
  prune(root, keep);
  return { dir, manifest };
}

/** Complete backups under root, oldest first. */
export function listBackups(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).filter((n) => n.startsWith(PREFIX) && !n.endsWith('.partial') && fs.existsSync(path.join(root, n, 'manifest.json'))).sort();
}

function prune(root: string, keep: number): void {
  const all = listBackups(root);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(path.join(root, old), { recursive: true, force: true });
}
