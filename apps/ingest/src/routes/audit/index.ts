/** GET /api/v1/audit: the tenant's audit log (admin actions and logins), newest first. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { AuditEntry, AuditQuery } from '../../schemas/audit.ts';

export default async function auditRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/audit', {
    config: { access: Access.admin },
    schema: { summary: 'Audit log of your tenant: who did what, when', querystring: AuditQuery, response: { 200: z.object({ entries: z.array(AuditEntry) }) } },
  }, async (req) => ({ entries: await app.services.identity.audit.query(principal(req).tenant, req.query) }));
}
