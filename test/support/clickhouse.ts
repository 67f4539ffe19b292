/** A real embedded ClickHouse (chdb) for a test file, migrated, in a fresh temp directory. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse } from '../../apps/ingest/src/store/clickhouse.ts';
import { migrate } from '../../apps/ingest/src/store/migrate.ts';
import { createRepository, type Repository } from '../../apps/ingest/src/store/repository.ts';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll } from 'vitest';

export async function testClickHouse() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cb-ch-'));
  const { client } = createClickHouse({ dataDir, url: process.env.CLICKHOUSE_URL });
  await migrate(client);
  return { client, dataDir };
}

/** A describe block's migrated ClickHouse and a repository over it: opened before its tests, closed after. */
export function useClickHouse(): { client: ClickHouseClient; repo: Repository } {
  const t = {} as { client: ClickHouseClient; repo: Repository };
  beforeAll(async () => {
    ({ client: t.client } = await testClickHouse());
    t.repo = createRepository(t.client);
  });
  afterAll(() => t.client?.close());
  return t;
}
