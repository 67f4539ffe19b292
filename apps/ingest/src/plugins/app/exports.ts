/** Export jobs (`app.exports`): background exports of raw history and reports, files under <data>/exports. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ExportJobs } from '../../exports/jobs.ts';

declare module 'fastify' {
  interface FastifyInstance {
    exports: ExportJobs;
  }
}

export default fp(async function exportsPlugin(app: FastifyInstance, opts: { exports: ExportJobs }) {
  app.decorate('exports', opts.exports);
}, { name: 'exports', dependencies: ['clickhouse', 'tenants'] });
