/** API and display tokens of the caller's tenant: create (secret shown once), list, revoke. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreatedToken, CreateToken, IdParams, TokenList } from '@callboard/api';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { NotFoundError } from '../../errors/http-errors.ts';
import { replies } from '../../schemas/responses.ts';

async function tokenRoutes(app: FastifyInstance) {
  const { tokens, hub } = app;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/tokens', { config: { access: Access.admin }, schema: { summary: 'List tokens (never their secrets)', response: replies({ 200: TokenList }) } },
    async (req) => ({ tokens: await tokens.list(principal(req).tenant) }));

  r.post('/api/v1/tokens', {
    config: { access: Access.admin },
    schema: { summary: 'Create a token; the secret is in this response only', body: CreateToken, response: replies({ 201: CreatedToken }) },
  }, async (req, reply) => {
    const p = principal(req);
    const { secret, record } = await tokens.create({ ...req.body, tenant: p.tenant, createdBy: p.subject });
    await app.identity.audit.fromRequest(req, { action: 'token.create', target: record.id, detail: { name: record.name, role: record.role, wallboards: record.wallboards } });
    return reply.code(201).send({ token: secret, ...record });
  });

  r.delete('/api/v1/tokens/:id', {
    config: { access: Access.admin },
    schema: { summary: 'Revoke a token; its open WebSockets are closed', params: IdParams, response: replies({ 204: z.void() }) },
  }, async (req, reply) => {
    const p = principal(req);
    if (!(await tokens.revoke(p.tenant, req.params.id))) throw new NotFoundError('no such token in this tenant');
    hub.disconnect(p.tenant, (c) => c.subject === req.params.id);
    const revoked = (await tokens.list(p.tenant)).find((t) => t.id === req.params.id);
    await app.identity.audit.fromRequest(req, { action: 'token.revoke', target: req.params.id, detail: { name: revoked?.name, role: revoked?.role } });
    return reply.code(204).send();
  });
}

export default fp(tokenRoutes, { name: 'routes/tokens', dependencies: ['identity', 'engine'], encapsulate: true });
