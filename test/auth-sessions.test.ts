/** Sign-in over the real API: cookie flags, back-off per login and per IP, sliding and absolute session expiry, logout, own password, CSRF. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, bootEngine, closed, cookieOf, login, makeUser, openWs, type TestEngine } from './support/identity.ts';

let e: TestEngine;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const me = (cookie: string) => e.running.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
const attempt = (login: string, password: string, ip = '10.1.1.1') =>
  e.running.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password }, remoteAddress: ip });

beforeAll(async () => {
  e = await bootEngine('auth', { CALLBOARD_SESSION_IDLE_SECONDS: '2', CALLBOARD_SESSION_MAX_SECONDS: '4', CALLBOARD_LOGIN_BACKOFF_MS: '1500' });
});
afterAll(async () => e?.stop());

describe('auth', () => {
  it('auth - login sets an HttpOnly SameSite=Lax cookie (Secure behind https) and /me answers', async () => {
    const res = await attempt('admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/cb_session=[\w-]{40,}/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).not.toMatch(/Secure/);
    expect(res.json()).toMatchObject({ tenant: 'demo', role: 'admin', kind: 'session', user: { login: 'admin' } });
    const body = (await me(cookieOf(res.headers['set-cookie']))).json();
    expect(body).toMatchObject({ tenant: 'demo', role: 'admin', roles: ['admin'] });
    const https = await e.running.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'admin', password: ADMIN_PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    expect(String(https.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('auth - a wrong password and an unknown login get the same 401 and no cookie', async () => {
    const a = await attempt('admin', 'not-the-password', '10.9.9.9');
    const b = await attempt('nobody', 'not-the-password', '10.9.9.9');
    expect([a.statusCode, b.statusCode]).toEqual([401, 401]);
    expect(a.json()).toEqual(b.json());
    expect(a.headers['set-cookie']).toBeUndefined();
  });

  it('auth - five failures lock a login out with 429 and Retry-After, even for the right password, then it doubles', async () => {
    const { password } = await makeUser(e, 'demo', 'locky', ['agent']);
    for (let i = 0; i < 5; i++) expect((await attempt('locky', 'wrong-password', `10.2.0.${i}`)).statusCode).toBe(401);
    const locked = await attempt('locky', password, '10.2.0.99');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(2);
    await sleep(1600);
    expect((await attempt('locky', 'wrong-again', '10.2.0.98')).statusCode).toBe(401);
    const doubled = await attempt('locky', password, '10.2.0.97');
    expect(doubled.statusCode).toBe(429);
    expect(Number(doubled.headers['retry-after'])).toBe(3);
    await sleep(3100);
    expect((await attempt('locky', password, '10.2.0.96')).statusCode).toBe(200);
    // a success clears the count: one new failure does not lock
    expect((await attempt('locky', 'wrong-password', '10.2.0.95')).statusCode).toBe(401);
    expect((await attempt('locky', password, '10.2.0.95')).statusCode).toBe(200);
  });

  it('auth - twenty failures from one IP lock that IP out for every login, not other IPs', async () => {
    const { password } = await makeUser(e, 'demo', 'innocent', ['agent']);
    for (let i = 0; i < 20; i++) expect((await attempt(`guess${i}`, 'wrong-password', '10.3.3.3')).statusCode).toBe(401);
    expect((await attempt('innocent', password, '10.3.3.3')).statusCode).toBe(429);
    expect((await attempt('innocent', password, '10.4.4.4')).statusCode).toBe(200);
  });

  it('auth - a session slides with activity, ends after the idle time, and never outlives the absolute limit', async () => {
    const { password } = await makeUser(e, 'demo', 'slider', ['analyst']);
    const active = await login(e, { login: 'slider', password });
    const idle = await login(e, { login: 'slider', password });
    for (let t = 0; t < 4; t++) {
      await sleep(600);
      expect((await me(active)).statusCode).toBe(200);
    }
    // 2.4 s after login: the active session is alive, the idle one (2 s) is gone
    expect((await me(idle)).statusCode).toBe(401);
    await sleep(900);
    expect((await me(active)).statusCode).toBe(200);
    // past the 4 s absolute limit, however active
    await sleep(1000);
    expect((await me(active)).statusCode).toBe(401);
  });

  it('auth - logout ends the session, its live socket and the cookie', async () => {
    const cookie = await login(e, { login: 'admin', password: ADMIN_PASSWORD });
    const ws = await openWs(`${e.url}/api/v1/live/ws`, { cookie });
    if (!ws.open) throw new Error(`socket refused: ${ws.status}`);
    const code = closed(ws.ws);
    const out = await e.running.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(await code).toBe(4401);
    expect(await openWs(`${e.url}/api/v1/live/ws`, { cookie })).toEqual({ open: false, status: 401 });
    expect(String(out.headers['set-cookie'])).toMatch(/cb_session=;/);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('auth - changing your own password needs the current one and ends your other sessions', async () => {
    const { password } = await makeUser(e, 'demo', 'changer', ['agent']);
    const here = await login(e, { login: 'changer', password });
    const elsewhere = await login(e, { login: 'changer', password });
    const change = (currentPassword: string) => e.running.app.inject({
      method: 'POST', url: '/api/v1/auth/password', headers: { cookie: here }, payload: { currentPassword, newPassword: 'a-brand-new-passphrase' },
    });
    expect((await change('wrong-password')).statusCode).toBe(403);
    const ok = await change(password);
    expect(ok.statusCode).toBe(204);
    expect((await me(cookieOf(ok.headers['set-cookie']))).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await attempt('changer', password, '10.5.5.5')).statusCode).toBe(401);
    expect((await attempt('changer', 'a-brand-new-passphrase', '10.5.5.5')).statusCode).toBe(200);
  });

  it('auth - a cross-origin write with a session cookie is refused (CSRF), a same-origin one is not', async () => {
    const cookie = await login(e, { login: 'admin', password: ADMIN_PASSWORD });
    const post = (origin: string) => e.running.app.inject({
      method: 'POST', url: '/api/v1/users', headers: { cookie, origin, host: 'callboard.local:3000' }, payload: {},
    });
    expect((await post('https://evil.example')).statusCode).toBe(401);
    expect((await post('http://callboard.local:3000')).statusCode).toBe(400);
  });
});

describe('auth behind a proxy', () => {
  it('auth - with CALLBOARD_TRUST_PROXY the back-off sees the client address from X-Forwarded-For, not the proxy\'s', async () => {
    const { buildApp } = await import('../apps/ingest/src/app.ts');
    const { loadConfig } = await import('../apps/ingest/src/config.ts');
    const services = { ...e.running.services, config: { ...e.running.services.config, CALLBOARD_TRUST_PROXY: loadConfig({ CALLBOARD_TRUST_PROXY: '1' }).CALLBOARD_TRUST_PROXY } };
    const app = await buildApp({ services, authenticate: async () => null });
    try {
      const from = (client: string, login: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password: 'wrong-password' }, remoteAddress: '10.8.8.8', headers: { 'x-forwarded-for': client } });
      for (let i = 0; i < 20; i++) expect((await from('203.0.113.7', `proxied${i}`)).statusCode).toBe(401);
      expect((await from('203.0.113.7', 'proxied-x')).statusCode).toBe(429);
      expect((await from('203.0.113.8', 'proxied-y')).statusCode).toBe(401); // same proxy, another client: not locked
    } finally {
      await app.close();
    }
  });
});
