/** GET /api/v1/dead-letters: rejected input of the caller's tenant, newest first, with the reason. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DeadLetterList, DeadLetterQuery } from '@callboard/api';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';

async function deadLetterRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/dead-letters', {
    config: { access: Access.admin },
    schema: { summary: 'Dead letters: input that was rejected, with the reason', querystring: DeadLetterQuery, response: replies({ 200: DeadLetterList }) },
  }, async (req) => ({ deadLetters: await app.repo.deadLetters(principal(req).tenant, req.query.limit) }));
}

export default fp(deadLetterRoutes, { name: 'routes/dead-letters', dependencies: ['clickhouse'], encapsulate: true });
