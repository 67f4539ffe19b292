/** User administration over the real API: CRUD, who may reset whose password, disabling, revocation closing live sockets, and the audit log. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, bootEngine, closed, login, makeUser, openWs, type TestEngine } from './support/identity.ts';

let e: TestEngine;
let admin: string;
const req = (method: string, url: string, cookie: string, payload?: unknown) =>
  e.running.app.inject({ method: method as 'GET', url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

beforeAll(async () => {
  e = await bootEngine('users');
  admin = await login(e, { login: 'admin', password: ADMIN_PASSWORD });
});
afterAll(async () => e?.stop());

describe('users', () => {
  it('users - an admin creates an agent with extension and queues; the generated password is shown once and works', async () => {
    const res = await req('POST', '/api/v1/users', admin, { login: 'Mario.Rossi', name: 'Mario Rossi', email: 'mario@example.com', roles: ['agent'], extension: '2041', queues: ['sales'] });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ login: 'mario.rossi', extension: '2041', queues: ['sales'], roles: ['agent'], disabled: false });
    expect(body.passwordHash).toBeUndefined();
    expect(typeof body.password).toBe('string');
    const list = (await req('GET', '/api/v1/users', admin)).json().users;
    expect(list.map((u: { login: string }) => u.login)).toContain('mario.rossi');
    expect(JSON.stringify(list)).not.toContain('password');
    const agent = await login(e, { login: 'mario.rossi', password: body.password });
    expect((await req('GET', '/api/v1/auth/me', agent)).json()).toMatchObject({ role: 'agent', user: { extension: '2041', queues: ['sales'] } });
  });

  it('users - bad input is refused with the field named: e-mail, extension digits, duplicate login and extension', async () => {
    const bad = async (payload: object) => (await req('POST', '/api/v1/users', admin, { login: 'x1', name: 'X', roles: ['agent'], ...payload }));
    const email = await bad({ email: 'not-an-email' });
    expect(email.statusCode).toBe(400);
    expect(email.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email', message: expect.stringMatching(/email/) });
    expect((await bad({ extension: '20a1' })).json().error.message).toMatch(/extension/);
    expect((await bad({ login: 'mario.rossi' })).statusCode).toBe(409);
    expect((await bad({ extension: '2041' })).json().error.code).toBe('EXTENSION_TAKEN');
  });

  it('users - supervisors reset agents\' passwords but not admins\'; analysts and agents reset nobody\'s', async () => {
    const sup = await makeUser(e, 'demo', 'sup1', ['supervisor']);
    const ana = await makeUser(e, 'demo', 'ana1', ['analyst']);
    const agt = await makeUser(e, 'demo', 'agt1', ['agent']);
    const adm2 = await makeUser(e, 'demo', 'adm2', ['admin']);
    const supC = await login(e, { login: 'sup1', password: sup.password });
    const agentSession = await login(e, { login: 'agt1', password: agt.password });
    const reset = await req('POST', `/api/v1/users/${agt.user.id}/password`, supC, {});
    expect(reset.statusCode).toBe(200);
    const fresh = reset.json().password as string;
    expect((await req('GET', '/api/v1/auth/me', agentSession)).statusCode).toBe(401); // reset ends sessions
    await login(e, { login: 'agt1', password: fresh });
    expect((await req('POST', `/api/v1/users/${adm2.user.id}/password`, supC, {})).statusCode).toBe(403);
    expect((await req('POST', `/api/v1/users/${sup.user.id}/password`, supC, {})).json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/your own password/) }); // not your own
    const admin0 = (await e.running.services.identity.users.findByLogin('demo', 'admin'))!;
    expect((await req('POST', `/api/v1/users/${admin0.id}/password`, supC, {})).statusCode).toBe(403);
    const anaC = await login(e, { login: 'ana1', password: ana.password });
    expect((await req('POST', `/api/v1/users/${agt.user.id}/password`, anaC, {})).statusCode).toBe(403);
    const agtC = await login(e, { login: 'agt1', password: fresh });
    expect((await req('POST', `/api/v1/users/${sup.user.id}/password`, agtC, {})).statusCode).toBe(403);
    expect((await req('POST', `/api/v1/users/${adm2.user.id}/password`, admin, { password: 'chosen-by-admin-1' })).json()).toEqual({ password: null });
    // supervisors do not create or edit users
    expect((await req('POST', '/api/v1/users', supC, { login: 'nope', name: 'N', roles: ['admin'] })).statusCode).toBe(403);
    expect((await req('PATCH', `/api/v1/users/${agt.user.id}`, supC, { roles: ['admin'] })).statusCode).toBe(403);
  });

  it('users - disabling a user ends their session and closes their live socket at once', async () => {
    const { user, password } = await makeUser(e, 'demo', 'sup2', ['supervisor']);
    const cookie = await login(e, { login: 'sup2', password });
    const ws = await openWs(`${e.url}/api/v1/live/ws`, { cookie });
    if (!ws.open) throw new Error(`socket refused: ${ws.status}`);
    const code = closed(ws.ws);
    expect((await req('PATCH', `/api/v1/users/${user.id}`, admin, { disabled: true })).json()).toMatchObject({ disabled: true });
    expect(await code).toBe(4401);
    expect((await req('GET', '/api/v1/auth/me', cookie)).statusCode).toBe(401);
    const again = await e.running.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'sup2', password } });
    expect(again.statusCode).toBe(401);
  });

  it('users - the last enabled admin cannot be disabled, demoted or deleted', async () => {
    const users = (await req('GET', '/api/v1/users', admin)).json().users as { id: string; login: string; roles: string[] }[];
    for (const u of users.filter((x) => x.roles.includes('admin') && x.login !== 'admin')) await req('DELETE', `/api/v1/users/${u.id}`, admin);
    const me = users.find((u) => u.login === 'admin')!;
    expect((await req('PATCH', `/api/v1/users/${me.id}`, admin, { disabled: true })).json().error.code).toBe('LAST_ADMIN');
    expect((await req('PATCH', `/api/v1/users/${me.id}`, admin, { roles: ['agent'] })).statusCode).toBe(409);
    expect((await req('DELETE', `/api/v1/users/${me.id}`, admin)).statusCode).toBe(409);
  });

  it('tokens - revoking a display token closes the TV\'s open socket; the secret is shown once and never listed', async () => {
    const created = await req('POST', '/api/v1/tokens', admin, { name: 'Lobby TV', role: 'display', wallboards: ['wb-lobby'] });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect((await req('GET', '/api/v1/tokens', admin)).body).not.toContain(token);
    const me = await e.running.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ role: 'display', wallboards: ['wb-lobby'], kind: 'token' });
    const ws = await openWs(`${e.url}/api/v1/live/ws?token=${token}`);
    if (!ws.open) throw new Error(`socket refused: ${ws.status}`);
    const code = closed(ws.ws);
    expect((await req('DELETE', `/api/v1/tokens/${id}`, admin)).statusCode).toBe(204);
    expect(await code).toBe(4401);
    expect((await openWs(`${e.url}/api/v1/live/ws?token=${token}`))).toEqual({ open: false, status: 401 });
    expect((await req('POST', '/api/v1/tokens', admin, { name: 'TV without boards', role: 'display' })).statusCode).toBe(400);
  });

  it('audit - admin actions and logins are recorded with who, when, what; only admins read it', async () => {
    const t0 = new Date(Date.now() - 60_000).toISOString();
    await e.running.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'admin', password: 'wrong-password' }, remoteAddress: '10.7.7.7' });
    const settings = e.running.services.tenants.get('demo')!.settings;
    expect((await req('PUT', '/api/v1/tenant/settings', admin, { ...settings, retentionDays: 400 })).statusCode).toBe(200);
    const res = await req('GET', `/api/v1/audit?from=${encodeURIComponent(t0)}&limit=500`, admin);
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as { action: string; actorName: string; target: string; detail: Record<string, unknown>; outcome: string; ip: string; at: string }[];
    const actions = new Set(entries.map((x) => x.action));
    for (const a of ['user.create', 'user.password.reset', 'user.disable', 'user.delete', 'token.create', 'token.revoke', 'tenant.settings.update', 'auth.login', 'auth.login.failed']) expect(actions).toContain(a);
    const created = entries.find((x) => x.action === 'user.create' && x.detail.login === 'mario.rossi')!;
    expect(created).toMatchObject({ actorName: 'admin', outcome: 'ok' });
    expect(Date.parse(created.at)).toBeGreaterThan(Date.parse(t0));
    expect(entries.find((x) => x.action === 'user.password.reset' && x.outcome === 'denied')).toBeDefined();
    expect(entries.find((x) => x.action === 'auth.login.failed')).toMatchObject({ ip: '10.7.7.7', outcome: 'denied' });
    expect(JSON.stringify(entries)).not.toMatch(/chosen-by-admin-1|argon2/);
    const only = (await req('GET', '/api/v1/audit?action=user.', admin)).json().entries as { action: string }[];
    expect(only.every((x) => x.action.startsWith('user.'))).toBe(true);
    const sup = await makeUser(e, 'demo', 'sup3', ['supervisor']);
    expect((await req('GET', '/api/v1/audit', await login(e, { login: 'sup3', password: sup.password }))).statusCode).toBe(403);
  });
});
