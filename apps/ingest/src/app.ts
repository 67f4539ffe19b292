/** Builds the Fastify app: plugins, then one plugin per resource under routes/. */
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import cookie from '@fastify/cookie';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import auth, { type Authenticator } from './plugins/app/auth.ts';
import securityHeaders from './plugins/app/security-headers.ts';
import { KvKeyError } from './bus/errors.ts';
import type { Services } from './services.ts';
import healthRoutes from './routes/health/index.ts';
import eventRoutes from './routes/events/index.ts';
import liveRoutes from './routes/live/index.ts';
import metricRoutes from './routes/metrics/index.ts';
import deadLetterRoutes from './routes/dead-letters/index.ts';
import tenantRoutes from './routes/tenants/index.ts';
import tokenRoutes from './routes/tokens/index.ts';
import wallboardRoutes from './routes/wallboards/index.ts';
import customMetricRoutes from './routes/custom-metrics/index.ts';
import authRoutes from './routes/auth/index.ts';
import userRoutes from './routes/users/index.ts';
import auditRoutes from './routes/audit/index.ts';

export interface AppOptions {
  services: Services;
  authenticate: Authenticator;
  /** Extra route plugins (the web app's handler, identity routes), registered last. */
  extra?: ((app: FastifyInstance) => Promise<void>)[];
}

export async function buildApp({ services, authenticate, extra = [] }: AppOptions): Promise<FastifyInstance> {
  // :NOTE: pino's Logger type is wider than FastifyBaseLogger; the instance is cast back once, below.
  const app = Fastify({ loggerInstance: services.log, bodyLimit: 16 * 1024 * 1024,
    // Per-request lines would drown the log at PBX posting rates; errors are still logged by the handler.
    logController: new LogController({ disableRequestLogging: true }), trustProxy: services.config.CALLBOARD_TRUST_PROXY,
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      // :NOTE: the router's own refusals, answered like the rest of the API (its default echoes the whole URL back).
      if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return reply.code(404).send({ error: 'not_found', message: 'no such resource: a part of the path is longer than any id (100 characters)' });
      if (err.code === 'FST_ERR_BAD_URL') return reply.code(400).send({ error: 'bad_request', message: 'the URL is not valid (bad percent-encoding)' });
      return reply.send(err);
    } });
  app.decorate('services', services);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const why = err.validation.map((v) => `${v.instancePath.replace(/^\//, '') || err.validationContext || 'request'}: ${v.message}`).join('; ');
      return reply.code(400).send({ error: 'bad_request', message: why });
    }
    if (err instanceof KvKeyError) {
      // :NOTE: route schemas validate ids (schemas/ids.ts); this catches any path that still builds a key from input.
      return reply.code(400).send({ error: 'bad_request', message: 'not an id or name this API knows (letters, digits, - and _ only)' });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.code(status).send({ error: 'internal', message: 'internal error; see the engine log' });
    }
    return reply.code(status).send({ error: err.code ?? 'bad_request', message: err.message });
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'callboard API', version: '1', description: 'Real-time wallboard and analytics engine for contact centres' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'cb_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(securityHeaders, { frameAncestors: services.config.CALLBOARD_FRAME_ANCESTORS });
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(auth, { authenticate });
  await app.register(healthRoutes);
  await app.register(eventRoutes);
  await app.register(liveRoutes);
  await app.register(metricRoutes);
  await app.register(deadLetterRoutes);
  await app.register(tenantRoutes);
  await app.register(tokenRoutes);
  await app.register(wallboardRoutes);
  await app.register(customMetricRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  for (const plugin of extra) await app.register(plugin);
  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  return app as unknown as FastifyInstance;
}
