/** Users, sessions, login back-off and the audit log (`app.identity`), API and display tokens (`app.tokens`), TV display sessions (`app.displays`). */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { DisplaySessionStore } from '../../identity/display-sessions.ts';
import type { Identity } from '../../identity/identity.ts';
import type { TokenStore } from '../../identity/tokens.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Users, sessions, login back-off, audit log. */
    identity: Identity;
    tokens: TokenStore;
    /** TVs' display sessions (a display token traded for an HttpOnly cookie). */
    displays: DisplaySessionStore;
  }
}

export default fp(async function identity(app: FastifyInstance, opts: { identity: Identity; tokens: TokenStore; displays: DisplaySessionStore }) {
  app.decorate('identity', opts.identity);
  app.decorate('tokens', opts.tokens);
  app.decorate('displays', opts.displays);
}, { name: 'identity', dependencies: ['bus', 'clickhouse'] });
