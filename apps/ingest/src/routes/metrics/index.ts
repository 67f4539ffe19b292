/** Historic metrics from ClickHouse (GET /api/v1/metrics) and the metric catalogue. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CALLBACK_METRICS, METRICS, TICKET_METRICS } from '@callboard/metrics';
import { Catalogue, HistoryQuery, HistoryResult } from '@callboard/api';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';
import { runHistory } from '../../wallboards/history.ts';

async function metricRoutes(app: FastifyInstance) {
  const customs = app.customMetrics;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/metrics/catalogue', {
    config: { access: Access.live },
    schema: { summary: 'Every catalogue metric: id, label, unit, formula (empty for the callback and ticket figures), description', response: replies({ 200: Catalogue }) },
  }, async () => ({
    metrics: [
      ...METRICS.map(({ id, label, unit, description, formula, higherIsBetter, source }) =>
        ({ id, label, unit, description, formula, higherIsBetter, source })),
      // States of the callback requests, not formulas over call components (packages/metrics/src/callbacks/catalogue.ts).
      ...CALLBACK_METRICS.map(({ id, label, unit, description, higherIsBetter }) =>
        ({ id, label, unit, description, formula: '', higherIsBetter, source: 'callbacks' as const })),
      // Figures over the tickets, by type and handler (packages/metrics/src/tickets/catalogue.ts).
      ...TICKET_METRICS.map(({ id, label, unit, description, higherIsBetter }) =>
        ({ id, label, unit, description, formula: '', higherIsBetter, source: 'tickets' as const })),
    ],
  }));

  r.get('/api/v1/metrics', {
    config: { access: Access.reports },
    schema: {
      summary: 'Catalogue metrics over a date range from ClickHouse, grouped by day/hour/queue/agent/channel',
      description: 'Days are in the tenant timezone. Counts and sums cover finished calls; agent-state metrics (occupancy) are omitted when grouping or filtering by queue or channel. Callback metrics (callbacks_open, callbacks_booked, callbacks_oldest_open_age; only when named in metrics) are the state of the callback requests at the end of the range (or now), in total or by queue; omitted when grouping by day, hour, agent or channel or filtering by agent or channel. Ticket metrics (tickets_opened, tickets_finalised, tickets_mean_time_to_finalise over the range; tickets_backlog, tickets_overdue at its end, or now; only when named in metrics) are in total or grouped by ticketType or by handler (a row per type, or per handler with their name in label), of the ticket types (ticketType) and handlers (handler, user ids) named: refused (400) when grouping by day, hour, queue, agent or channel or filtering by queue, agent or channel; ticketType and handler filter and group ticket metrics only (with any other metric: 400 INVALID_FILTER / INVALID_GROUP). A bad field is answered 400 with its own code (INVALID_DATE, INVALID_RANGE, INVALID_GROUP, INVALID_FILTER, UNKNOWN_METRIC).',
      querystring: HistoryQuery, response: replies({ 200: HistoryResult }),
    },
  }, async (req) => {
    // Custom metrics (stored per tenant) compile to SQL over components, as catalogue metrics do; a QueryError answers 400 with its code.
    return runHistory(app, customs, principal(req).tenant, req.query);
  });
}

export default fp(metricRoutes, { name: 'routes/metrics', dependencies: ['wallboards', 'tenants', 'clickhouse'], encapsulate: true });
