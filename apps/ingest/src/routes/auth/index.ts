/** Sign-in with a session cookie: login (with back-off), logout, who am I, change own password. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ThrottledError, WrongPasswordError } from '../../identity/errors.ts';
import { principalOf } from '../../identity/identity.ts';
import { clearSessionCookie, setSessionCookie } from '../../identity/cookie.ts';
import { verifyPassword } from '../../identity/passwords.ts';
import { Access, type Principal } from '../../identity/roles.ts';
import { SESSION_COOKIE } from '../../identity/sessions.ts';
import { principal } from '../../plugins/app/auth.ts';
import { ChangePassword, LoginBody, Me } from '@callboard/api';
import { InvalidRequestError, UnauthenticatedError } from '../../errors/http-errors.ts';
import { replies } from '../../schemas/responses.ts';

async function authRoutes(app: FastifyInstance) {
  const { identity, tenants, config, hub } = app;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const me = (p: Principal): Me => ({
    tenant: p.tenant, tenantName: tenants.get(p.tenant)?.name ?? p.tenant,
    timezone: tenants.get(p.tenant)?.settings.timezone ?? 'UTC', role: p.role, roles: p.roles ?? [p.role],
    kind: p.kind, subject: p.subject, name: p.name ?? null, user: p.user ?? null, wallboards: p.wallboards ?? null,
  });

  r.post('/api/v1/auth/login', {
    config: { access: Access.public },
    schema: {
      summary: 'Sign in: sets the HttpOnly session cookie',
      description: 'Logins are unique per tenant; `tenant` defaults to the bootstrap tenant. After 5 failures for a login (20 for an IP) the answer is 429 with Retry-After, doubling on each further failure.',
      body: LoginBody, response: replies({ 200: Me }),
    },
  }, async (req, reply) => {
    const tenant = req.body.tenant ?? config.CALLBOARD_BOOTSTRAP_TENANT;
    const known = tenants.get(tenant) !== undefined;
    const audit = (action: string, outcome: 'ok' | 'denied', p: Principal | null = null) => known
      ? identity.audit.record(tenant, p, { ip: req.ip, actorName: req.body.login }, { action, target: req.body.login, outcome })
      : Promise.resolve();
    try {
      const result = await identity.login({ ...req.body, tenant }, { ip: req.ip, userAgent: req.headers['user-agent'] ?? '' });
      if (!result.ok) {
        await audit('auth.login.failed', 'denied');
        throw new UnauthenticatedError('wrong tenant, login or password');
      }
      const p = principalOf(result.user);
      setSessionCookie(req, reply, config, result.sessionId);
      await audit('auth.login', 'ok', p);
      return me(p);
    } catch (err) {
      if (!(err instanceof ThrottledError)) throw err;
      await audit('auth.login.throttled', 'denied');
      throw err;
    }
  });

  r.post('/api/v1/auth/logout', {
    config: { access: Access.public },
    schema: { summary: 'Sign out: ends the session and clears its cookie', response: replies({ 204: z.void() }) },
  }, async (req, reply) => {
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) {
      const p = await identity.authenticate(req);
      await identity.sessions.destroy(sid);
      if (p) {
        // :NOTE: sockets do not know their session: all of the user's close, the live ones reconnect with their cookie.
        hub.disconnect(p.tenant, (c) => c.subject === p.subject);
        await identity.audit.record(p.tenant, p, { ip: req.ip }, { action: 'auth.logout' });
      }
    }
    clearSessionCookie(req, reply, config);
    return reply.code(204).send();
  });

  r.get('/api/v1/auth/me', {
    config: { access: Access.any },
    schema: { summary: 'Who is calling: tenant, roles, user or token', response: replies({ 200: Me }) },
  }, async (req) => me(principal(req)));

  r.post('/api/v1/auth/password', {
    config: { access: Access.users },
    schema: {
      summary: 'Change your own password (needs the current one); your other sessions end',
      body: ChangePassword, response: replies({ 204: z.void() }),
    },
  }, async (req, reply) => {
    const p = principal(req);
    if (p.kind !== 'session' || !p.user) throw new InvalidRequestError('tokens have no password: only a signed-in person changes one');
    const keys = identity.throttle.keys(p.tenant, p.user.login, req.ip);
    const wait = await identity.throttle.retryAfter([keys.login]);
    if (wait > 0) throw new ThrottledError(wait);
    const user = await identity.users.require(p.tenant, p.subject);
    if (!(await verifyPassword(user.passwordHash, req.body.currentPassword))) {
      await identity.throttle.fail([keys.login]);
      await identity.audit.fromRequest(req, { action: 'auth.password.change', target: user.id, outcome: 'denied' });
      throw new WrongPasswordError();
    }
    const updated = await identity.users.setPassword(p.tenant, user.id, req.body.newPassword);
    await identity.sessions.destroy(req.cookies[SESSION_COOKIE]!);
    hub.disconnect(p.tenant, (c) => c.subject === user.id);
    setSessionCookie(req, reply, config, await identity.sessions.create(updated, { ip: req.ip, userAgent: req.headers['user-agent'] ?? '' }));
    await identity.audit.fromRequest(req, { action: 'auth.password.change', target: user.id });
    return reply.code(204).send();
  });
}

export default fp(authRoutes, { name: 'routes/auth', dependencies: ['identity', 'tenants', 'engine'], encapsulate: true });
