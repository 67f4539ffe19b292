/** Wallboards (`app.wallboards`, compare-and-set on revision) and analysts' custom metrics (`app.customMetrics`), both in KV cb_wallboards. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { CustomMetricStore } from '../../wallboards/custom-metric-store.ts';
import type { WallboardStore } from '../../wallboards/wallboard-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    wallboards: WallboardStore;
    customMetrics: CustomMetricStore;
  }
}

export default fp(async function wallboards(app: FastifyInstance, opts: { wallboards: WallboardStore; customMetrics: CustomMetricStore }) {
  app.decorate('wallboards', opts.wallboards);
  app.decorate('customMetrics', opts.customMetrics);
}, { name: 'wallboards', dependencies: ['bus'] });
