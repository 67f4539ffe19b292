/** Users of the caller's tenant: admins create, edit, disable, delete; admins and supervisors list and reset passwords. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ForbiddenTargetError } from '../../identity/errors.ts';
import { generatePassword } from '../../identity/passwords.ts';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { CreatedUser, CreateUser, IdParams as Params, PasswordReset, ResetPassword, UpdateUser, UserList, UserView } from '@callboard/api';
import { replies } from '../../schemas/responses.ts';
import { toView } from '../../schemas/users.ts';

async function userRoutes(app: FastifyInstance) {
  const { identity, hub } = app;
  const { users, audit } = identity;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/users', {
    config: { access: Access.people },
    schema: { summary: 'Users of your tenant', response: replies({ 200: UserList }) },
  }, async (req) => ({ users: (await users.list(principal(req).tenant)).map(toView) }));

  r.get('/api/v1/users/:id', {
    config: { access: Access.people },
    schema: { summary: 'One user of your tenant', params: Params, response: replies({ 200: UserView }) },
  }, async (req) => toView(await users.require(principal(req).tenant, req.params.id)));

  r.post('/api/v1/users', {
    config: { access: Access.admin },
    schema: { summary: 'Create a user; without a password one is generated and returned once', body: CreateUser, response: replies({ 201: CreatedUser }) },
  }, async (req, reply) => {
    const p = principal(req);
    const { password, ...rest } = req.body;
    const secret = password ?? generatePassword();
    const user = await users.create(p.tenant, { ...rest, password: secret }, p.subject);
    await audit.fromRequest(req, { action: 'user.create', target: user.id, detail: { ...rest, passwordGenerated: !password } });
    return reply.code(201).send({ ...toView(user), password: password ? null : secret });
  });

  r.patch('/api/v1/users/:id', {
    config: { access: Access.admin },
    schema: { summary: 'Edit a user: name, e-mail, roles, extension, queues, disabled', params: Params, body: UpdateUser, response: replies({ 200: UserView }) },
  }, async (req) => {
    const p = principal(req);
    const { before, after } = await users.update(p.tenant, req.params.id, req.body);
    // :NOTE: a disabled user, or one who lost roles, must not keep a live feed opened with the old rights.
    if (after.disabled || after.roles.length < before.roles.length || after.roles.some((x, i) => x !== before.roles[i])) {
      hub.disconnect(p.tenant, (c) => c.subject === after.id);
    }
    await audit.fromRequest(req, { action: after.disabled !== before.disabled ? (after.disabled ? 'user.disable' : 'user.enable') : 'user.update', target: after.id, detail: { login: after.login, ...diff(before, after) } });
    return toView(after);
  });

  r.delete('/api/v1/users/:id', {
    config: { access: Access.admin },
    schema: { summary: 'Delete a user; their sessions end at once', params: Params, response: replies({ 204: z.void() }) },
  }, async (req, reply) => {
    const p = principal(req);
    const user = await users.delete(p.tenant, req.params.id);
    hub.disconnect(p.tenant, (c) => c.subject === user.id);
    await audit.fromRequest(req, { action: 'user.delete', target: user.id, detail: { login: user.login } });
    return reply.code(204).send();
  });

  r.post('/api/v1/users/:id/password', {
    config: { access: Access.people },
    schema: {
      summary: 'Reset a user\'s password (supervisors: not of admins); their sessions end',
      params: Params, body: ResetPassword, response: replies({ 200: PasswordReset }),
    },
  }, async (req) => {
    const p = principal(req);
    const target = await users.require(p.tenant, req.params.id);
    // :NOTE: your own password changes only with the current one (POST /auth/password): a stolen session cannot take the account over.
    if (target.id === p.subject) throw new ForbiddenTargetError('change your own password under Account (it needs the current one)');
    if (!(p.roles ?? [p.role]).includes('admin') && target.roles.includes('admin')) {
      await audit.fromRequest(req, { action: 'user.password.reset', target: target.id, detail: { login: target.login }, outcome: 'denied' });
      throw new ForbiddenTargetError('only an admin may reset the password of an admin');
    }
    const secret = req.body.password ?? generatePassword();
    await users.setPassword(p.tenant, target.id, secret);
    hub.disconnect(p.tenant, (c) => c.subject === target.id);
    await audit.fromRequest(req, { action: 'user.password.reset', target: target.id, detail: { login: target.login, generated: !req.body.password } });
    return { password: req.body.password ? null : secret };
  });
}

/** The fields that changed, old → new (never the password hash). */
function diff(before: object, after: object): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    const old = (before as Record<string, unknown>)[k];
    if (['passwordHash', 'updatedAt', 'sessionsValidAfter'].includes(k) || JSON.stringify(old) === JSON.stringify(v)) continue;
    out[k] = { from: old, to: v };
  }
  return out;
}

export default fp(userRoutes, { name: 'routes/users', dependencies: ['identity', 'engine'], encapsulate: true });
