/** Missed calls and callback requests (`app.callbacks`: KV cb_callbacks by compare-and-set, history in ClickHouse). */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { CallbackService } from '../../callbacks/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    callbacks: CallbackService;
  }
}

export default fp(async function callbacks(app: FastifyInstance, opts: { callbacks: CallbackService }) {
  app.decorate('callbacks', opts.callbacks);
}, { name: 'callbacks', dependencies: ['bus', 'clickhouse', 'tenants'] });
