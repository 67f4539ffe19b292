/** Custom metrics: formulas over catalogue metrics, usable live (in the browser) and in history (GET /metrics?metrics=<id>). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InvalidMetricError, UnknownMetricError } from '@callboard/metrics';
import { CustomMetric, MetricId } from '@callboard/widgets';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { CustomMetricStore } from '../../wallboards/custom-metric-store.ts';

export default async function customMetricRoutes(app: FastifyInstance) {
  const customs = await CustomMetricStore.open(app.services.bus);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/custom-metrics', {
    config: { access: Access.live }, schema: { summary: 'The tenant\'s custom metrics' },
  }, async (req) => ({ metrics: await customs.list(principal(req).tenant) }));

  r.put('/api/v1/custom-metrics/:id', {
    config: { access: Access.reports },
    schema: { summary: 'Create or replace a custom metric; 400 names what is wrong in the formula', params: z.object({ id: MetricId }), body: CustomMetric },
  }, async (req, reply) => {
    if (req.body.id !== req.params.id) return reply.code(400).send({ error: 'bad_request', message: `body id ${req.body.id} differs from the URL's ${req.params.id}` });
    try {
      return await customs.put(principal(req).tenant, req.body);
    } catch (err) {
      if (err instanceof InvalidMetricError || err instanceof UnknownMetricError) return reply.code(400).send({ error: err.code, message: err.message });
      throw err;
    }
  });

  r.delete('/api/v1/custom-metrics/:id', {
    config: { access: Access.reports }, schema: { summary: 'Delete a custom metric', params: z.object({ id: MetricId }) },
  }, async (req, reply) => {
    if (!(await customs.remove(principal(req).tenant, req.params.id))) return reply.code(404).send({ error: 'not_found', message: `no custom metric ${req.params.id}` });
    return reply.code(204).send();
  });
}
