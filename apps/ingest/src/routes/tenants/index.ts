/** The caller's own tenant and its metric settings (timezone, SL threshold, Tref/Tlim/β per queue, retention). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { TenantSettings } from '@callboard/metrics';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';

export default async function tenantRoutes(app: FastifyInstance) {
  const { tenants } = app.services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/tenant', {
    config: { access: Access.live },
    schema: { summary: 'The caller\'s tenant and its settings' },
  }, async (req, reply) => tenants.get(principal(req).tenant) ?? reply.code(404).send({ error: 'not_found', message: 'tenant not configured' }));

  r.put('/api/v1/tenant/settings', {
    config: { access: Access.admin },
    schema: { summary: 'Replace the tenant\'s metric settings', body: TenantSettings },
  }, async (req) => {
    const before = tenants.get(principal(req).tenant)?.settings;
    const after = await tenants.updateSettings(principal(req).tenant, req.body);
    await app.services.identity.audit.fromRequest(req, { action: 'tenant.settings.update', target: after.id, detail: { before, after: after.settings } });
    return after;
  });
}
