/** A real embedded ClickHouse (chdb) for a test file, migrated, in a fresh temp directory. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse } from '../../apps/ingest/src/store/clickhouse.ts';
import { migrate } from '../../apps/ingest/src/store/migrate.ts';

export async function testClickHouse() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cb-ch-'));
  const { client } = createClickHouse({ dataDir, url: process.env.CLICKHOUSE_URL });
  await migrate(client);
  return { client, dataDir };
}
