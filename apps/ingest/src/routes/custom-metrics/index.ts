/** Custom metrics: formulas over catalogue metrics, usable live (in the browser) and in history (GET /metrics?metrics=<id>). */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CustomMetric, CustomMetricList, CustomMetricParams } from '@callboard/api';
import { InvalidRequestError, NotFoundError } from '../../errors/http-errors.ts';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';

async function customMetricRoutes(app: FastifyInstance) {
  const customs = app.customMetrics;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/custom-metrics', {
    config: { access: Access.live }, schema: { summary: 'The tenant\'s custom metrics', response: replies({ 200: CustomMetricList }) },
  }, async (req) => ({ metrics: await customs.list(principal(req).tenant) }));

  // :NOTE: an unknown metric or a bad formula leaves the store as UnknownMetricError / InvalidMetricError: 400 with their codes.
  r.put('/api/v1/custom-metrics/:id', {
    config: { access: Access.reports },
    schema: { summary: 'Create or replace a custom metric; 400 names what is wrong in the formula', params: CustomMetricParams, body: CustomMetric, response: replies({ 200: CustomMetric }) },
  }, async (req) => {
    if (req.body.id !== req.params.id) throw new InvalidRequestError(`the body's id ${req.body.id} differs from the URL's ${req.params.id}`, 'id');
    return customs.put(principal(req).tenant, req.body);
  });

  r.delete('/api/v1/custom-metrics/:id', {
    config: { access: Access.reports }, schema: { summary: 'Delete a custom metric', params: CustomMetricParams, response: replies({ 204: z.void() }) },
  }, async (req, reply) => {
    if (!(await customs.remove(principal(req).tenant, req.params.id))) throw new NotFoundError(`no custom metric ${req.params.id}`);
    return reply.code(204).send();
  });
}

export default fp(customMetricRoutes, { name: 'routes/custom-metrics', dependencies: ['wallboards'], encapsulate: true });
