/**
 * Builds the Fastify app: the external plugins (clickhouse, bus), the app plugins (tenants, identity, wallboards, engine)
 * that decorate it with the resources start.ts opened once, then one plugin per resource under routes/, each declaring
 * the plugins it depends on.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import cookie from '@fastify/cookie';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import auth, { type Authenticator } from './plugins/app/auth.ts';
import securityHeaders from './plugins/app/security-headers.ts';
import clickhousePlugin from './plugins/external/clickhouse.ts';
import busPlugin from './plugins/external/bus.ts';
import tenantsPlugin from './plugins/app/tenants.ts';
import identityPlugin from './plugins/app/identity.ts';
import wallboardsPlugin from './plugins/app/wallboards.ts';
import enginePlugin from './plugins/app/engine.ts';
import { errorBody, errorHandler, frameworkErrors } from './errors/error-handler.ts';
import type { Config } from './config.ts';
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
import callbacksPlugin from './plugins/app/callbacks.ts';
import commandsPlugin from './plugins/app/commands.ts';
import callbackRoutes from './routes/callbacks/index.ts';
import commandRoutes from './routes/commands/index.ts';
import campaignRoutes from './routes/campaigns/index.ts';
import reportRoutes from './routes/reports/index.ts';
import ticketsPlugin from './plugins/app/tickets.ts';
import ticketRoutes from './routes/tickets/index.ts';
import exportsPlugin from './plugins/app/exports.ts';
import exportRoutes from './routes/exports/index.ts';
import schedulesPlugin from './plugins/app/schedules.ts';
import scheduleRoutes from './routes/schedules/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

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
    frameworkErrors,
    // The web app's server bundle loads as a plugin: on a busy machine (a CI runner, two cores) that outlasts Fastify's 10 s default.
    pluginTimeout: 120_000 });
  app.decorate('config', services.config);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
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
  await app.register(clickhousePlugin, { client: services.ch, repo: services.repo });
  await app.register(busPlugin, { bus: services.bus });
  await app.register(tenantsPlugin, { tenants: services.tenants });
  await app.register(identityPlugin, { identity: services.identity, tokens: services.tokens, displays: services.displays });
  await app.register(wallboardsPlugin, { wallboards: services.wallboards, customMetrics: services.customMetrics });
  await app.register(callbacksPlugin, { callbacks: services.callbacks });
  await app.register(commandsPlugin);
  await app.register(ticketsPlugin, { tickets: services.tickets });
  await app.register(exportsPlugin, { exports: services.exports });
  await app.register(schedulesPlugin, { schedules: services.schedules });
  await app.register(enginePlugin, { engine: services.engine, hub: services.hub, stats: services.stats, publisher: services.publisher });
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
  await app.register(callbackRoutes);
  await app.register(commandRoutes);
  await app.register(campaignRoutes);
  await app.register(reportRoutes);
  await app.register(ticketRoutes);
  await app.register(exportRoutes);
  await app.register(scheduleRoutes);
  // :NOTE: an unknown /api path answers in the API's error shape; the web app's not-found handler (extra) serves every other path.
  await app.register(async (api) => api.setNotFoundHandler(async (req, reply) => reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`))), { prefix: '/api' });
  for (const plugin of extra) await app.register(plugin);
  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  return app as unknown as FastifyInstance;
}
