/** The manifest of a backup directory (manifest.json): what it holds, for restore and for people. */
import { z } from 'zod';

export const Manifest = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  clickhouse: z.object({
    tables: z.array(z.object({ name: z.string(), file: z.string(), rows: z.number().describe('counted just before the export') })),
    derived: z.array(z.string()),
  }),
  kv: z.array(z.object({ bucket: z.string(), file: z.string(), keys: z.number() })),
  /**
   * Directories of the data directory copied file by file (ticket attachments): `dir` relative to the data
   * directory, `file` the copy's folder in the backup. Absent in backups made before attachments were included.
   */
  files: z.array(z.object({ dir: z.string(), file: z.string(), count: z.number(), bytes: z.number() })).default([]),
});
export type Manifest = z.infer<typeof Manifest>;

export class BackupError extends Error {
  readonly code = 'BACKUP_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}
