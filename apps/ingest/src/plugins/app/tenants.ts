/** The tenant registry (KV cb_tenants, watched) as `app.tenants`. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { TenantRegistry } from '../../tenants/tenant-registry.ts';

declare module 'fastify' {
  interface FastifyInstance {
    tenants: TenantRegistry;
  }
}

export default fp(async function tenants(app: FastifyInstance, opts: { tenants: TenantRegistry }) {
  app.decorate('tenants', opts.tenants);
}, { name: 'tenants', dependencies: ['bus'] });
