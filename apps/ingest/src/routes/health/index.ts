/** Liveness, readiness and Prometheus metrics (not under /api: for orchestrators and scrapers, outside the role matrix). */
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { errorBody } from '../../errors/error-handler.ts';

/** True when HOST only listens on this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Who may read /metrics: with CALLBOARD_METRICS_TOKEN, whoever sends it as a bearer token; without
 * it, anyone, but only while the engine listens on loopback (HOST=127.0.0.1) — an exposed engine
 * does not hand its internals to the network.
 */
function metricsAllowed(req: FastifyRequest, config: Config): { ok: true } | { ok: false; message: string } {
  const want = config.CALLBOARD_METRICS_TOKEN;
  if (!want) {
    return isLoopbackHost(config.HOST) ? { ok: true }
      : { ok: false, message: `HOST=${config.HOST} exposes the engine: set CALLBOARD_METRICS_TOKEN and scrape /metrics with Authorization: Bearer <it>` };
  }
  const got = Buffer.from(req.headers.authorization?.replace(/^Bearer /, '') ?? '');
  const ok = got.length === Buffer.byteLength(want) && timingSafeEqual(got, Buffer.from(want));
  return ok ? { ok: true } : { ok: false, message: '/metrics needs Authorization: Bearer <CALLBOARD_METRICS_TOKEN>' };
}

async function healthRoutes(app: FastifyInstance) {
  const { engine, stats, hub, config } = app;
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  // Not ready while ClickHouse writes fail: live figures go on, but nothing is stored or acked meanwhile.
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    if (!engine.ready) return reply.code(503).send({ status: 'starting' });
    if (engine.storageFailures > 0) return reply.code(503).send({ status: 'storage_failing', failures: engine.storageFailures });
    return { status: 'ready' };
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    const allowed = metricsAllowed(req, config);
    if (!allowed.ok) return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send(errorBody('UNAUTHENTICATED', allowed.message));
    stats.consumerLag.set(await engine.lag());
    stats.wsClients.set(hub.clientCount);
    return reply.type(stats.registry.contentType).send(await stats.registry.metrics());
  });
}

export default fp(healthRoutes, { name: 'routes/health', dependencies: ['engine'], encapsulate: true });
