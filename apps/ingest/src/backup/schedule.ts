/** The engine's daily backup: checks hourly and backs up when the newest backup is a day old (so restarts do not skip or repeat a day). */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { listBackups, runBackup, type BackupTarget } from './backup.ts';

const DAY_MS = 24 * 3600_000;

export function scheduleBackups(target: BackupTarget, root: string, keep: number, log: Logger, checkMs = 3600_000, firstMs = 10 * 60_000): { stop(): void } {
  let running = false;
  const check = async () => {
    if (running) return;
    const newest = listBackups(root).at(-1);
    const age = newest ? Date.now() - fs.statSync(path.join(root, newest, 'manifest.json')).mtimeMs : Infinity;
    if (age < DAY_MS - checkMs / 2) return;
    running = true;
    try {
      const { dir, manifest } = await runBackup(target, root, keep);
      log.info({ dir, tables: manifest.clickhouse.tables.length, buckets: manifest.kv.length }, 'daily backup written');
    } catch (err) {
      log.error({ err, root }, 'daily backup failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void check(), firstMs);
  const every = setInterval(() => void check(), checkMs);
  first.unref();
  every.unref();
  return { stop: () => { clearTimeout(first); clearInterval(every); } };
}
