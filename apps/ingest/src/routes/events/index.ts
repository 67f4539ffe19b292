/** POST /api/v1/events: a JSON array (or one object) or NDJSON, for PBX integrations without a NATS client. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chTime } from '../../store/rows.ts';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { PublishResult } from '@callboard/api';
import { errorBody } from '../../errors/error-handler.ts';
import { replies } from '../../schemas/responses.ts';

/**
 * Deepest nesting accepted in a body (an event is 2–3 levels, an array of them one more).
 * :NOTE: JSON.parse copes with any depth, but JSON.stringify, structured clone and most walkers
 * recurse, and ~10,000 levels overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

class BadLine extends Error {}

/** The body's nesting depth, counted without recursion, stopping once past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const tooDeep = (depth: number) => `JSON nested ${depth > MAX_JSON_DEPTH ? `more than ${MAX_JSON_DEPTH}` : depth} levels deep; at most ${MAX_JSON_DEPTH} accepted`;

/** Parse a body into items; an unparsable or too deeply nested NDJSON line becomes an Error item (rejected with its reason). */
function items(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body !== 'string') return [body];
  return body.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    try {
      const value: unknown = JSON.parse(line);
      if (jsonDepth(value) > MAX_JSON_DEPTH) return new BadLine(tooDeep(jsonDepth(value)), { cause: line.slice(0, 1000) });
      return value;
    } catch (err) {
      return new BadLine(`invalid JSON: ${(err as Error).message}`, { cause: line.slice(0, 1000) });
    }
  });
}

/** A JSON body, parsed here (not by Fastify's parser) so that one nested too deeply is still at hand as text for its dead letter. */
class JsonBody {
  constructor(readonly text: string, readonly value: unknown) {}
}

async function eventRoutes(app: FastifyInstance) {
  app.addContentTypeParser(['application/x-ndjson', 'application/ndjson', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Encapsulated in this plugin: other routes keep Fastify's JSON parser. :NOTE: a "__proto__" key
  // from JSON.parse is an own property, not a prototype; the schema strips it from what is published.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, new JsonBody(body as string, JSON.parse(body as string)));
    } catch (err) {
      done(Object.assign(new Error(`invalid JSON: ${(err as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/events', {
    config: { access: Access.ingest },
    schema: {
      summary: 'Publish call and agent events',
      description: 'Body: a JSON array of events, one event object, or NDJSON (Content-Type application/x-ndjson). Events without `tenant` get the caller\'s. 200 even when some are rejected: see `rejected`. '
        + `A JSON body nested more than ${MAX_JSON_DEPTH} levels deep is refused whole (400) and kept as a dead letter.`,
      body: z.unknown(),
      response: replies({ 200: PublishResult }),
    },
  }, async (req, reply) => {
    const p = principal(req);
    let body: unknown = req.body;
    if (body instanceof JsonBody) {
      const depth = jsonDepth(body.value);
      if (depth > MAX_JSON_DEPTH) {
        const message = tooDeep(depth);
        await app.repo.insertDeadLetters([{ tenant: p.tenant, received_at: chTime(Date.now()), source: `http:${p.subject}`, reason: message, payload: body.text.slice(0, 64_000) }]);
        app.stats.httpRejected.inc();
        return reply.code(400).send(errorBody('VALIDATION_FAILED', message));
      }
      body = body.value;
    }
    const list = items(body);
    if (list.length === 0) return reply.code(400).send(errorBody('VALIDATION_FAILED', 'no events in the body'));
    if (list.length > 50_000) return reply.code(400).send(errorBody('VALIDATION_FAILED', 'at most 50000 events per request'));
    const result = await app.publisher.publish(p.tenant, list, `http:${p.subject}`);
    app.stats.httpRejected.inc(result.rejected.length);
    return result;
  });
}

export default fp(eventRoutes, { name: 'routes/events', dependencies: ['engine', 'clickhouse'], encapsulate: true });
