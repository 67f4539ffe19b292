/** Applies clickhouse/migrations/NNN_*.sql in order, once each; statements are idempotent (IF NOT EXISTS). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../clickhouse/migrations', import.meta.url));

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** SQL statements of a migration file: split on semicolons at line ends, comments dropped. */
export function statements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').trim())
    .filter(Boolean);
}

export async function migrate(client: ClickHouseClient, dir = MIGRATIONS_DIR): Promise<string[]> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime DEFAULT now())
            ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const done = new Set(
    (await (await client.query({ query: 'SELECT version FROM schema_migrations', format: 'JSONEachRow' })).json<{ version: number }>())
      .map((r) => Number(r.version)),
  );
  const applied: string[] = [];
  for (const file of readdirSync(dir).filter((f) => /^\d+_.*\.sql$/.test(f)).sort()) {
    const version = Number.parseInt(file, 10);
    if (done.has(version)) continue;
    for (const query of statements(readFileSync(`${dir}/${file}`, 'utf8'))) {
      try {
        await client.command({ query });
      } catch (err) {
        throw new MigrationError(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    await client.insert({ table: 'schema_migrations', values: [{ version, name: file }], format: 'JSONEachRow' });
    applied.push(file);
  }
  return applied;
}
