/** The caller's own tenant and its metric settings (timezone, SL threshold, Tref/Tlim/β per queue, retention). */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Tenant, TenantSettings } from '@callboard/api';
import { NotFoundError } from '../../errors/http-errors.ts';
import { replies } from '../../schemas/responses.ts';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';

async function tenantRoutes(app: FastifyInstance) {
  const { tenants } = app;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/tenant', {
    config: { access: Access.live },
    schema: { summary: 'The caller\'s tenant and its settings', response: replies({ 200: Tenant }) },
  }, async (req) => {
    const tenant = tenants.get(principal(req).tenant);
    if (!tenant) throw new NotFoundError('this tenant is not configured');
    return tenant;
  });

  r.put('/api/v1/tenant/settings', {
    config: { access: Access.admin },
    schema: { summary: 'Replace the tenant\'s metric settings', body: TenantSettings, response: replies({ 200: Tenant }) },
  }, async (req) => {
    const before = tenants.get(principal(req).tenant)?.settings;
    const after = await tenants.updateSettings(principal(req).tenant, req.body);
    await app.identity.audit.fromRequest(req, { action: 'tenant.settings.update', target: after.id, detail: { before, after: after.settings } });
    return after;
  });
}

export default fp(tenantRoutes, { name: 'routes/tenants', dependencies: ['tenants', 'identity'], encapsulate: true });
