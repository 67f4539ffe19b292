/** Liveness, readiness and Prometheus metrics (not under /api: no credentials, for orchestrators). */
import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(app: FastifyInstance) {
  const { engine, stats, hub } = app.services;
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  // Not ready while ClickHouse writes fail: live figures go on, but nothing is stored or acked meanwhile.
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    if (!engine.ready) return reply.code(503).send({ status: 'starting' });
    if (engine.storageFailures > 0) return reply.code(503).send({ status: 'storage_failing', failures: engine.storageFailures });
    return { status: 'ready' };
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    stats.consumerLag.set(await engine.lag());
    stats.wsClients.set(hub.clientCount);
    return reply.type(stats.registry.contentType).send(await stats.registry.metrics());
  });
}
