/** Historic metrics from ClickHouse (GET /api/v1/metrics) and the metric catalogue. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { METRICS } from '@callboard/metrics';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { parseQuery, QueryError, QueryString } from '../../query/query-parser.ts';
import { runQuery } from '../../query/query-runner.ts';
import { CustomMetricStore } from '../../wallboards/custom-metric-store.ts';

export default async function metricRoutes(app: FastifyInstance) {
  const { tenants, ch } = app.services;
  const customs = await CustomMetricStore.open(app.services.bus);
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/metrics/catalogue', {
    config: { access: Access.live },
    schema: { summary: 'Every catalogue metric: id, label, unit, formula, description' },
  }, async () => ({
    metrics: METRICS.map(({ id, label, unit, description, formula, higherIsBetter, source }) =>
      ({ id, label, unit, description, formula, higherIsBetter, source })),
  }));

  r.get('/api/v1/metrics', {
    config: { access: Access.reports },
    schema: {
      summary: 'Catalogue metrics over a date range from ClickHouse, grouped by day/hour/queue/agent/channel',
      description: 'Days are in the tenant timezone. Counts and sums cover finished calls; agent-state metrics (occupancy) are omitted when grouping or filtering by queue or channel.',
      querystring: QueryString,
    },
  }, async (req, reply) => {
    const p = principal(req);
    const tenant = tenants.get(p.tenant);
    if (!tenant) return reply.code(404).send({ error: 'not_found', message: `tenant ${p.tenant} is not configured` });
    try {
      // Custom metrics (stored per tenant) compile to SQL over components, as catalogue metrics do.
      const compiled = await customs.compiled(p.tenant);
      const q = parseQuery(req.query, p.tenant, tenant.settings.timezone, (id) => compiled.get(id));
      return await runQuery(ch, q, tenant.settings);
    } catch (err) {
      if (err instanceof QueryError) return reply.code(400).send({ error: err.code, message: err.message });
      throw err;
    }
  });
}
