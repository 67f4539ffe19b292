/** POST /api/v1/events: a JSON array (or one object) or NDJSON, for PBX integrations without a NATS client. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';

const Result = z.object({
  accepted: z.number().describe('events published (new)'),
  duplicates: z.number().describe('events whose id was already published (not counted again)'),
  rejected: z.array(z.object({ index: z.number().describe('0-based position (NDJSON: line number − 1)'), reason: z.string() })),
});

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
      response: { 200: Result, 400: z.object({ error: z.string(), message: z.string() }) },
    },
  }, async (req, reply) => {
    const list = items(req.body);
    if (list.length === 0) return reply.code(400).send({ error: 'bad_request', message: 'no events in the body' });
    if (list.length > 50_000) return reply.code(400).send({ error: 'bad_request', message: 'at most 50000 events per request' });
    const p = principal(req);
    const result = await app.services.publisher.publish(p.tenant, list, `http:${p.subject}`);
    app.services.stats.httpRejected.inc(result.rejected.length);
    return result;
  });
}
