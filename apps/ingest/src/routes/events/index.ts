/** POST /api/v1/events: a JSON array (or one object) or NDJSON, for PBX integrations without a NATS client. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { PublishResult } from '@callboard/api';
import { errorBody } from '../../errors/error-handler.ts';
import { replies } from '../../schemas/responses.ts';


class BadLine extends Error {}

/** Parse a body into items; an unparsable NDJSON line becomes an Error item (rejected with its reason). */
function items(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body !== 'string') return [body];
  return body.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    try {
      return JSON.parse(line);
    } catch (err) {
      return new BadLine(`invalid JSON: ${(err as Error).message}`, { cause: line.slice(0, 1000) });
    }
  });
}

export default async function eventRoutes(app: FastifyInstance) {
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/events', {
    config: { access: Access.ingest },
    schema: {
      summary: 'Publish call and agent events',
      description: 'Body: a JSON array of events, one event object, or NDJSON (Content-Type application/x-ndjson). Events without `tenant` get the caller\'s. 200 even when some are rejected: see `rejected`.',
      body: z.unknown(),
      response: replies({ 200: PublishResult }),
    },
  }, async (req, reply) => {
    const list = items(req.body);
    if (list.length === 0) return reply.code(400).send(errorBody('VALIDATION_FAILED', 'no events in the body'));
    if (list.length > 50_000) return reply.code(400).send(errorBody('VALIDATION_FAILED', 'at most 50000 events per request'));
    const p = principal(req);
    const result = await app.services.publisher.publish(p.tenant, list, `http:${p.subject}`);
    app.services.stats.httpRejected.inc(result.rejected.length);
    return result;
  });
}
