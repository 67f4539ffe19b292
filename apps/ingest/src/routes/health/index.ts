/** Liveness, readiness and Prometheus metrics (not under /api: no credentials, for orchestrators). */
import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(app: FastifyInstance) {
  const { engine, stats, hub } = app.services;
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) =>
    engine.ready ? { status: 'ready' } : reply.code(503).send({ status: 'starting' }));
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    stats.consumerLag.set(await engine.lag());
    stats.wsClients.set(hub.clientCount);
    return reply.type(stats.registry.contentType).send(await stats.registry.metrics());
  });
}
