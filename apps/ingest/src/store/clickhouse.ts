/** The ClickHouse client: embedded chdb at a data directory, or a server when CLICKHOUSE_URL is set. */
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';

export type { ClickHouseClient };

export interface ClickHouseConfig {
  url?: string;
  database?: string;
  username?: string;
  password?: string;
  /** Embedded store directory (used when url is unset). */
  dataDir: string;
}

type Connection = NonNullable<Parameters<typeof createClient>[0]>['connection'];

export function createClickHouse(config: ClickHouseConfig): { client: ClickHouseClient; embedded: boolean } {
  if (config.url) {
    const client = createClient({
      url: config.url,
      database: config.database ?? 'default',
      username: config.username ?? 'default',
      password: config.password ?? '',
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    return { client, embedded: false };
  }
  const path = `${config.dataDir}/clickhouse`;
  mkdirSync(path, { recursive: true });
  // :TRICKY: chdb's connection implements client-common's Connection, but from its own copy of the
  // types: the cast bridges the two identical declarations.
  const connection = createChdbConnection({ path }) as unknown as Connection;
  return { client: createClient({ connection }), embedded: true };
}
