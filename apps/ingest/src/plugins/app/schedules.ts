/** Scheduled reports (`app.schedules`): KV cb_schedules, croner jobs, one send per run across engines. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Scheduler } from '../../schedules/scheduler.ts';

declare module 'fastify' {
  interface FastifyInstance {
    schedules: Scheduler;
  }
}

export default fp(async function schedulesPlugin(app: FastifyInstance, opts: { schedules: Scheduler }) {
  app.decorate('schedules', opts.schedules);
}, { name: 'schedules', dependencies: ['bus', 'exports', 'tenants'] });
