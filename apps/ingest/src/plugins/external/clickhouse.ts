/** The ClickHouse client and the repository over it, as `app.clickhouse` and `app.repo`; opened and migrated once by start.ts, which closes it after the engine. */
import fp from 'fastify-plugin';
import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import type { Repository } from '../../store/repository.ts';

declare module 'fastify' {
  interface FastifyInstance {
    clickhouse: ClickHouseClient;
    /** Inserts and reads of the engine's tables (dead letters, call facts …). */
    repo: Repository;
  }
}

export default fp(async function clickhouse(app: FastifyInstance, opts: { client: ClickHouseClient; repo: Repository }) {
  app.decorate('clickhouse', opts.client);
  app.decorate('repo', opts.repo);
}, { name: 'clickhouse' });
