/** The running engine (`app.engine`), its live hub (`app.hub`), counters (`app.stats`) and the publisher of accepted input (`app.publisher`); started by start.ts under the owner lease, before the app. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine/engine.ts';
import type { LiveHub } from '../../engine/live-hub.ts';
import type { Publisher } from '../../engine/publisher.ts';
import type { EngineStats } from '../../engine/stats.ts';

declare module 'fastify' {
  interface FastifyInstance {
    engine: Engine;
    hub: LiveHub;
    stats: EngineStats;
    publisher: Publisher;
  }
}

export default fp(async function engine(app: FastifyInstance, opts: { engine: Engine; hub: LiveHub; stats: EngineStats; publisher: Publisher }) {
  app.decorate('engine', opts.engine);
  app.decorate('hub', opts.hub);
  app.decorate('stats', opts.stats);
  app.decorate('publisher', opts.publisher);
}, { name: 'engine', dependencies: ['bus', 'clickhouse', 'tenants'] });
