/**
 * HTTP hardening on a real engine: a `?token=` is taken only on the WebSocket routes, ids that are
 * not ids answer 400/404 with a message (never 500), and the same-origin check believes
 * X-Forwarded-Host only when CALLBOARD_TRUST_PROXY is on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../apps/ingest/src/app.ts';
import { bootEngine, login, makeUser, openWs, type TestEngine } from './support/identity.ts';

const TOKEN = 'hardening-test-token-0123456';
let e: TestEngine;
let session = '';

beforeAll(async () => {
  e = await bootEngine('hardening', { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN });
  const { user, password } = await makeUser(e, 'demo', 'hard-admin', ['admin']);
  session = await login(e, { login: user.login, password });
});
afterAll(async () => e?.stop());

const inject = (method: string, url: string, headers: Record<string, string> = {}, payload?: object) =>
  e.running.app.inject({ method: method as 'GET', url, headers, payload });

describe('http hardening', () => {
  it('hardening - a ?token= is refused on every route but the WebSocket, whatever the URL contains', async () => {
    for (const url of [`/api/v1/users?token=${TOKEN}`, `/api/v1/users?token=${TOKEN}&x=/ws`, `/api/v1/auth/me?token=${TOKEN}&ws=/ws`, `/api/v1/tokens?x=/api/v1/live/ws&token=${TOKEN}`]) {
      const res = await inject('GET', url);
      expect(res.statusCode, url).toBe(401);
    }
    expect((await inject('GET', '/api/v1/users', { authorization: `Bearer ${TOKEN}` })).statusCode).toBe(200);
    const ws = await openWs(`${e.url}/api/v1/live/ws?token=${TOKEN}`);
    expect(ws.open).toBe(true);
    if (ws.open) ws.ws.close();
  });

  it('hardening - ids that are not ids answer 400 or 404 with a message, never 500', async () => {
    const admin = { authorization: `Bearer ${TOKEN}` };
    const bad = ['*', '>', '%20', 'a%20b', 'a.b', 'demo.user.x', '..', 'x'.repeat(65), 'x'.repeat(5000), '%E2%9C%93', '%00', '%E0%A4%A'];
    const routes: [string, (id: string) => string, object?][] = [
      ['GET', (id) => `/api/v1/users/${id}`],
      ['PATCH', (id) => `/api/v1/users/${id}`, { name: 'x' }],
      ['DELETE', (id) => `/api/v1/users/${id}`],
      ['POST', (id) => `/api/v1/users/${id}/password`, {}],
      ['DELETE', (id) => `/api/v1/tokens/${id}`],
      ['GET', (id) => `/api/v1/wallboards/${id}`],
      ['DELETE', (id) => `/api/v1/wallboards/${id}`],
      ['GET', (id) => `/api/v1/wallboards/${id}/export`],
      ['GET', (id) => `/api/v1/wallboards/overview/widgets/${id}/history`],
      ['DELETE', (id) => `/api/v1/custom-metrics/${id}`],
    ];
    const failures: string[] = [];
    for (const [method, url, body] of routes) {
      for (const id of bad) {
        const res = await inject(method, url(id), admin, body);
        const json = res.json() as { error?: { message?: string } };
        if (![400, 404].includes(res.statusCode) || typeof json.error?.message !== 'string' || /internal/.test(json.error.message)) {
          failures.push(`${method} ${url(id).slice(0, 60)} → ${res.statusCode} ${res.body.slice(0, 100)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    const one = (await inject('GET', '/api/v1/users/*', admin)).json();
    expect(one).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'id: not an id of this API (1-64 letters, digits, - or _)', field: 'id' } });
  });

  it('hardening - the same-origin check trusts X-Forwarded-Host only behind a trusted proxy', async () => {
    // A state-changing request with the session cookie: 404 when the session is used, 401 when it is not.
    const write = (app = e.running.app, headers: Record<string, string> = {}) =>
      app.inject({ method: 'DELETE', url: '/api/v1/custom-metrics/no_such_metric', headers: { cookie: session, ...headers } });
    expect((await write(undefined, { host: 'board.local:3000', origin: 'http://board.local:3000' })).statusCode).toBe(404);
    expect((await write(undefined, { origin: 'http://evil.example' })).statusCode).toBe(401);
    expect((await write(undefined, { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' })).statusCode).toBe(401);
    const ws = await openWs(`${e.url}/api/v1/live/ws`, { cookie: session, origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' });
    expect(ws.open ? 'open' : ws.status).toBe(401);

    const { services } = e.running;
    const behindProxy = await buildApp({
      services: { ...services, config: { ...services.config, CALLBOARD_TRUST_PROXY: true } },
      authenticate: (req) => services.identity.authenticate(req),
    });
    try {
      expect((await write(behindProxy, { origin: 'https://board.example.com', 'x-forwarded-host': 'board.example.com' })).statusCode).toBe(404);
      expect((await write(behindProxy, { origin: 'http://evil.example', 'x-forwarded-host': 'board.example.com' })).statusCode).toBe(401);
    } finally {
      await behindProxy.close();
    }
  });

  it('hardening - /metrics is open on a loopback HOST, needs CALLBOARD_METRICS_TOKEN when HOST exposes the engine', async () => {
    expect((await inject('GET', '/metrics')).statusCode).toBe(200);
    const { services } = e.running;
    const variants = [
      { HOST: '0.0.0.0', CALLBOARD_METRICS_TOKEN: undefined },
      { HOST: '0.0.0.0', CALLBOARD_METRICS_TOKEN: 'metrics-token-0123456789' },
      { HOST: '127.0.0.1', CALLBOARD_METRICS_TOKEN: 'metrics-token-0123456789' },
    ];
    const seen: string[] = [];
    for (const v of variants) {
      const app = await buildApp({ services: { ...services, config: { ...services.config, ...v } }, authenticate: async () => null });
      try {
        for (const auth of [undefined, 'Bearer wrong-token-0123456789', 'Bearer metrics-token-0123456789']) {
          const res = await app.inject({ method: 'GET', url: '/metrics', headers: auth ? { authorization: auth } : {} });
          seen.push(`${v.HOST} ${v.CALLBOARD_METRICS_TOKEN ? 'token' : 'none'} ${auth?.split(' ')[1].split('-')[0] ?? '-'} → ${res.statusCode}`);
          if (res.statusCode === 200) expect(res.body).toContain('callboard_');
          else expect(res.json().error.message).toMatch(/CALLBOARD_METRICS_TOKEN/);
        }
      } finally {
        await app.close();
      }
    }
    expect(seen).toEqual([
      '0.0.0.0 none - → 401', '0.0.0.0 none wrong → 401', '0.0.0.0 none metrics → 401',
      '0.0.0.0 token - → 401', '0.0.0.0 token wrong → 401', '0.0.0.0 token metrics → 200',
      '127.0.0.1 token - → 401', '127.0.0.1 token wrong → 401', '127.0.0.1 token metrics → 200',
    ]);
  });
});
