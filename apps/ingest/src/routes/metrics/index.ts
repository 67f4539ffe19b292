/** Historic metrics from ClickHouse (GET /api/v1/metrics) and the metric catalogue. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { METRICS } from '@callboard/metrics';
import { Catalogue, HistoryQuery, HistoryResult } from '@callboard/api';
import { NotFoundError } from '../../errors/http-errors.ts';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { parseQuery } from '../../query/query-parser.ts';
import { runQuery } from '../../query/query-runner.ts';
import { replies } from '../../schemas/responses.ts';

export default async function metricRoutes(app: FastifyInstance) {
  const { tenants, ch } = app.services;
  const customs = app.services.customMetrics;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/metrics/catalogue', {
    config: { access: Access.live },
    schema: { summary: 'Every catalogue metric: id, label, unit, formula, description', response: replies({ 200: Catalogue }) },
  }, async () => ({
    metrics: METRICS.map(({ id, label, unit, description, formula, higherIsBetter, source }) =>
      ({ id, label, unit, description, formula, higherIsBetter, source })),
  }));

  r.get('/api/v1/metrics', {
    config: { access: Access.reports },
    schema: {
      summary: 'Catalogue metrics over a date range from ClickHouse, grouped by day/hour/queue/agent/channel',
      description: 'Days are in the tenant timezone. Counts and sums cover finished calls; agent-state metrics (occupancy) are omitted when grouping or filtering by queue or channel. A bad field is answered 400 with its own code (INVALID_DATE, INVALID_RANGE, INVALID_GROUP, INVALID_FILTER, UNKNOWN_METRIC).',
      querystring: HistoryQuery, response: replies({ 200: HistoryResult }),
    },
  }, async (req) => {
    const p = principal(req);
    const tenant = tenants.get(p.tenant);
    if (!tenant) throw new NotFoundError(`tenant ${p.tenant} is not configured`);
    // Custom metrics (stored per tenant) compile to SQL over components, as catalogue metrics do; a QueryError answers 400 with its code.
    const compiled = await customs.compiled(p.tenant);
    return runQuery(ch, parseQuery(req.query, p.tenant, tenant.settings.timezone, (id) => compiled.get(id)), tenant.settings);
  });
}
