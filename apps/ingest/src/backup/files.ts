/**
 * The data directory's own files a backup carries besides ClickHouse and KV: ticket attachments
 * (`<data>/tickets/<tenant>/<ticket>/<id>`). Copied file by file (copyFile: constant memory, any size).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ATTACHMENTS_DIR } from '../tickets/attachments.ts';

/** Directories of the data directory that a backup copies, relative to it. */
export const DATA_DIRS = [ATTACHMENTS_DIR] as const;

/** The folder of a backup that holds the copy of one of DATA_DIRS. */
export const filesFolder = (dir: string) => `files-${dir}`;

/**
 * Copies every file under `src` (if it exists) to the same place under `dst`; counts files and bytes.
 * `restricted`: folders 0700 and files 0600, as the rest of a backup (attachments are callers' documents).
 */
export async function copyTree(src: string, dst: string, restricted = false): Promise<{ count: number; bytes: number }> {
  let count = 0;
  let bytes = 0;
  const walk = async (from: string, to: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(from, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await fs.mkdir(to, { recursive: true, ...(restricted ? { mode: 0o700 } : {}) });
    for (const e of entries) {
      const a = path.join(from, e.name);
      const b = path.join(to, e.name);
      if (e.isDirectory()) await walk(a, b);
      else if (e.isFile()) {
        await fs.copyFile(a, b);
        if (restricted) await fs.chmod(b, 0o600);
        count++;
        bytes += (await fs.stat(b)).size;
      }
    }
  };
  await walk(src, dst);
  return { count, bytes };
}

/** Makes `dst` hold exactly what `src` holds: the old tree is removed first (a restore, like the KV buckets). */
export async function replaceTree(src: string, dst: string): Promise<{ count: number; bytes: number }> {
  await fs.rm(dst, { recursive: true, force: true });
  return copyTree(src, dst);
}
