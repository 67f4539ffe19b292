/**
 * /api/v1/schedules: the call centre's scheduled reports (a source e-mailed as CSV or Excel over yesterday, last
 * week or last month, on a cron schedule in its timezone), each with its next run and its last run's outcome.
 */
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, ScheduleInput, ScheduleList, ScheduleView } from '@callboard/api';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';

async function scheduleRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/schedules', {
    config: { access: Access.reports },
    schema: { summary: 'Scheduled reports of the call centre, with their next and last run', response: replies({ 200: ScheduleList }) },
  }, async (req) => ({ schedules: await app.schedules.list(principal(req).tenant) }));

  r.post('/api/v1/schedules', {
    config: { access: Access.reports },
    schema: { summary: 'Schedule a report', body: ScheduleInput, response: replies({ 201: ScheduleView }) },
  }, async (req, reply) => reply.code(201).send(await app.schedules.create(principal(req).tenant, req.body, principal(req).subject)));

  r.get('/api/v1/schedules/:id', {
    config: { access: Access.reports },
    schema: { summary: 'One scheduled report', params: IdParams, response: replies({ 200: ScheduleView }) },
  }, async (req) => app.schedules.get(principal(req).tenant, req.params.id));

  r.put('/api/v1/schedules/:id', {
    config: { access: Access.reports },
    schema: { summary: 'Change a scheduled report', params: IdParams, body: ScheduleInput, response: replies({ 200: ScheduleView }) },
  }, async (req) => app.schedules.update(principal(req).tenant, req.params.id, req.body));

  r.delete('/api/v1/schedules/:id', {
    config: { access: Access.reports },
    schema: { summary: 'Delete a scheduled report', params: IdParams, response: replies({ 204: z.void() }) },
  }, async (req, reply) => {
    await app.schedules.remove(principal(req).tenant, req.params.id);
    return reply.code(204).send();
  });

  r.post('/api/v1/schedules/:id/run', {
    config: { access: Access.reports },
    schema: { summary: 'Send a scheduled report now (its range as of now); the outcome shows in lastRun', params: IdParams, response: replies({ 202: ScheduleView }) },
  }, async (req, reply) => reply.code(202).send(await app.schedules.runNow(principal(req).tenant, req.params.id)));
}

export default fp(scheduleRoutes, { name: 'routes/schedules', dependencies: ['schedules'], encapsulate: true });
