/**
 * Authentication and authorisation for every /api route. Each route declares `config.access`
 * (roles or 'public'); a route without one fails at start-up, so no route is open by accident.
 * Credentials: `Authorization: Bearer <token>`, or a session cookie (identity/sessions), or for
 * WebSockets from a browser/TV `?token=` (browsers cannot set headers on a WebSocket).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access, Principal } from '../../identity/roles.ts';
import { errorBody } from '../../errors/error-handler.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Set by this plugin on WebSocket routes: only they take a token from `?token=`. */
    webSocket?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export class AccessNotDeclaredError extends Error {
  readonly code = 'ACCESS_NOT_DECLARED';
  constructor(route: string) {
    super(`route ${route} declares no config.access: every /api route must say who may call it`);
    this.name = 'AccessNotDeclaredError';
  }
}

/** Resolves the principal of a request from its credentials; null when there are none or they are invalid. */
export type Authenticator = (req: FastifyRequest) => Promise<Principal | null>;

/** Every declared route, its access and the statuses its response schema declares: for the isolation matrix and the contract test. */
export const routeTable: { method: string; url: string; access: Access; responses: string[] }[] = [];

export default fp(async function auth(app: FastifyInstance, opts: { authenticate: Authenticator }) {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    if ((route as { websocket?: boolean }).websocket) route.config = { ...route.config, webSocket: true };
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new AccessNotDeclaredError(`${route.method} ${route.url}`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, access, responses: Object.keys((route.schema?.response ?? {}) as object) });
    }
  });
  app.addHook('onRequest', async (req, reply) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public') return;
    req.principal = await opts.authenticate(req);
    if (!req.principal) return reply.code(401).send(errorBody('UNAUTHENTICATED', 'sign in first: the credentials are missing, invalid, expired or revoked'));
    if (!(req.principal.roles ?? [req.principal.role]).some((r) => access.includes(r))) {
      return reply.code(403).send(errorBody('FORBIDDEN', `the role ${req.principal.role} may not ${req.method} ${req.routeOptions.url}`));
    }
  });
}, { name: 'auth' });

/** True on a WebSocket route (declared with `websocket: true`), whatever the URL's query says. */
export function isWebSocketRoute(req: FastifyRequest): boolean {
  return req.routeOptions.config?.webSocket === true;
}

/** The caller's principal; only call it in routes that are not public. */
export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('principal() called on a public route');
  return req.principal;
}
