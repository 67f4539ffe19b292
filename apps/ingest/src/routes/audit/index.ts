/** GET /api/v1/audit: the tenant's audit log (admin actions and logins), newest first. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { AuditLog, AuditQuery } from '@callboard/api';
import { replies } from '../../schemas/responses.ts';

async function auditRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/audit', {
    config: { access: Access.admin },
    schema: { summary: 'Audit log of your tenant: who did what, when', querystring: AuditQuery, response: replies({ 200: AuditLog }) },
  }, async (req) => ({ entries: await app.identity.audit.query(principal(req).tenant, req.query) }));
}

export default fp(auditRoutes, { name: 'routes/audit', dependencies: ['identity'], encapsulate: true });
