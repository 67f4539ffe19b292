/**
 * The HTTP contract (@callboard/api): every /api route declares its 2xx answer and the error shape,
 * the OpenAPI document lists each with those responses, and every 4xx answer is
 * `{ error: { code, message, field? } }` with a code from the one list and a human message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, ErrorBody } from '@callboard/api';
import { routeTable } from '../apps/ingest/src/plugins/app/auth.ts';
import { ADMIN_PASSWORD, bootEngine, login, makeUser, type TestEngine } from './support/identity.ts';

let e: TestEngine;
let admin: string;
let agent: string;

beforeAll(async () => {
  e = await bootEngine('contract');
  admin = await login(e, { login: 'admin', password: ADMIN_PASSWORD });
  const a = await makeUser(e, 'demo', 'contract-agent', ['agent']);
  agent = await login(e, { login: 'contract-agent', password: a.password });
});
afterAll(async () => e?.stop());

/**
 * Not answered with JSON of a schema, on purpose: the WebSocket upgrades (their messages are the live
 * protocol and the adapters' command protocol, packages/api commands.ts), and the OpenAPI document is the contract itself.
 */
const EXEMPT = new Set(['GET /api/v1/live/ws', 'GET /api/v1/commands/ws', 'GET /api/v1/callbacks/ws', 'GET /api/v1/openapi.json']);
const apiRoutes = () => [...new Map(routeTable.filter((r) => r.url.startsWith('/api/')).map((r) => [`${r.method} ${r.url}`, r])).values()];

/** zod's and Fastify's own wording, which must never reach a person. */
const RAW = /Invalid input|expected string|received undefined|Invalid option|Too small|Too big|FST_ERR|Unexpected token|in JSON at position/;

describe('api contract', () => {
  it('contract - every /api route declares a 2xx response schema and the error shape for 4xx', () => {
    const routes = apiRoutes().filter((r) => !EXEMPT.has(`${r.method} ${r.url}`));
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter((r) => !r.responses.some((s) => /^2\d\d$/.test(s)) || !r.responses.includes('4xx')).map((r) => `${r.method} ${r.url} [${r.responses}]`);
    expect(missing).toEqual([]);
  });

  it('contract - the OpenAPI document lists every route with its responses and the one error shape', async () => {
    const doc = (await e.running.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const missing: string[] = [];
    for (const r of apiRoutes().filter((x) => !EXEMPT.has(`${x.method} ${x.url}`))) {
      const op = doc.paths?.[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      const ok = r.responses.find((s) => /^2\d\d$/.test(s))!;
      if (!op?.responses?.[ok] || !op.responses['4XX']) missing.push(`${r.method} ${r.url}`);
    }
    expect(missing).toEqual([]);
    const users = doc.paths['/api/v1/users'].get.responses;
    expect(users['200'].content['application/json'].schema.properties.users.type).toBe('array');
    const codes = users['4XX'].content['application/json'].schema.properties.error.properties.code.enum;
    expect(codes).toEqual([...ERROR_CODES]);
  });

  const cases: { name: string; method: string; url: string; who?: 'admin' | 'agent'; payload?: unknown; type?: string; status: number; code: string; field?: string; message: RegExp }[] = [
    { name: 'a missing query field', method: 'GET', url: '/api/v1/metrics?to=2026-11-02', who: 'admin', status: 400, code: 'VALIDATION_FAILED', field: 'from', message: /^from is required \(YYYY-MM-DD or an ISO-8601 instant\)$/ },
    { name: 'a bad date', method: 'GET', url: '/api/v1/metrics?from=2026-13-01&to=2026-11-02', who: 'admin', status: 400, code: 'INVALID_DATE', message: /from: "2026-13-01" is not a valid date/ },
    { name: 'an unknown metric', method: 'GET', url: '/api/v1/metrics?from=2026-11-01&to=2026-11-02&metrics=bogus', who: 'admin', status: 400, code: 'UNKNOWN_METRIC', message: /unknown metric "bogus"/ },
    { name: 'a number out of range', method: 'GET', url: '/api/v1/audit?limit=0', who: 'admin', status: 400, code: 'VALIDATION_FAILED', field: 'limit', message: /^limit must be at least 1$/ },
    { name: 'a bad instant', method: 'GET', url: '/api/v1/audit?from=yesterday', who: 'admin', status: 400, code: 'VALIDATION_FAILED', field: 'from', message: /^from must be a valid datetime \(inclusive, ISO-8601\)$/ },
    { name: 'missing body fields', method: 'POST', url: '/api/v1/users', who: 'admin', payload: { login: 'x1' }, status: 400, code: 'VALIDATION_FAILED', field: 'name', message: /name is required; roles is required/ },
    { name: 'a wrong type', method: 'POST', url: '/api/v1/users', who: 'admin', payload: { login: 'x1', name: 7, roles: ['agent'] }, status: 400, code: 'VALIDATION_FAILED', field: 'name', message: /^name must be text$/ },
    { name: 'an unknown role', method: 'POST', url: '/api/v1/users', who: 'admin', payload: { login: 'x1', name: 'X', roles: ['king'] }, status: 400, code: 'VALIDATION_FAILED', field: 'roles.0', message: /^roles\.0 must be one of admin, supervisor, analyst, agent, display$/ },
    { name: 'a schema message kept', method: 'POST', url: '/api/v1/users', who: 'admin', payload: { login: 'x1', name: 'X', roles: ['agent'], extension: '2a' }, status: 400, code: 'VALIDATION_FAILED', field: 'extension', message: /^extension: digits only, 2 to 15$/ },
    { name: 'a body that is not JSON', method: 'POST', url: '/api/v1/users', who: 'admin', payload: '{"login":', type: 'application/json', status: 400, code: 'VALIDATION_FAILED', message: /^the body is not valid JSON$/ },
    { name: 'a media type not accepted', method: 'POST', url: '/api/v1/users', who: 'admin', payload: '<user/>', type: 'application/xml', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /Content-Type/ },
    { name: 'a taken login', method: 'POST', url: '/api/v1/users', who: 'admin', payload: { login: 'admin', name: 'X', roles: ['agent'] }, status: 409, code: 'LOGIN_TAKEN', message: /login "admin" is already used/ },
    { name: 'no credentials', method: 'GET', url: '/api/v1/users', status: 401, code: 'UNAUTHENTICATED', message: /sign in/ },
    { name: 'a wrong password', method: 'POST', url: '/api/v1/auth/login', payload: { login: 'admin', password: 'not-it' }, status: 401, code: 'UNAUTHENTICATED', message: /wrong tenant, login or password/ },
    { name: 'a role not allowed', method: 'GET', url: '/api/v1/users', who: 'agent', status: 403, code: 'FORBIDDEN', message: /role agent may not GET/ },
    { name: 'a wrong current password', method: 'POST', url: '/api/v1/auth/password', who: 'agent', payload: { currentPassword: 'wrong-one', newPassword: 'a-new-password-1' }, status: 403, code: 'WRONG_PASSWORD', message: /current password is not correct/ },
    { name: 'an unknown record', method: 'GET', url: '/api/v1/users/no-such-user', who: 'admin', status: 404, code: 'NOT_FOUND', message: /no user no-such-user/ },
    { name: 'an unknown route', method: 'GET', url: '/api/v1/no-such-route', who: 'admin', status: 404, code: 'NOT_FOUND', message: /no route GET \/api\/v1\/no-such-route/ },
    { name: 'an unknown wallboard', method: 'GET', url: '/api/v1/wallboards/no-such-board', who: 'admin', status: 404, code: 'NOT_FOUND', message: /no wallboard no-such-board/ },
    { name: 'a bad formula', method: 'PUT', url: '/api/v1/custom-metrics/bad', who: 'admin', payload: { id: 'bad', label: 'Bad', formula: 'answered / (offered' }, status: 400, code: 'INVALID_METRIC', message: /formula/ },
    { name: 'ids that differ', method: 'PUT', url: '/api/v1/custom-metrics/one', who: 'admin', payload: { id: 'two', label: 'Two', formula: 'answered' }, status: 400, code: 'VALIDATION_FAILED', field: 'id', message: /differs from the URL's one/ },
    { name: 'no events', method: 'POST', url: '/api/v1/events', who: 'admin', payload: [], status: 400, code: 'VALIDATION_FAILED', message: /^no events in the body$/ },
  ];

  it.each(cases)('contract - 4xx: $name → $status $code with a human message', async (c) => {
    const cookie = c.who === 'admin' ? admin : c.who === 'agent' ? agent : undefined;
    const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...(c.type ? { 'content-type': c.type } : {}) };
    const res = await e.running.app.inject({ method: c.method as 'GET', url: c.url, headers, ...(c.payload === undefined ? {} : { payload: c.payload as string }) });
    expect(res.statusCode).toBe(c.status);
    const body = res.json();
    expect(ErrorBody.strict().parse(body)).toEqual(body);
    expect(ERROR_CODES).toContain(body.error.code);
    expect(body.error.code).toBe(c.code);
    expect(body.error.message).toMatch(c.message);
    expect(body.error.message).not.toMatch(RAW);
    if (c.field) expect(body.error.field).toBe(c.field);
  });

  it('contract - repeated failed logins answer 429 RATE_LIMITED with Retry-After', async () => {
    const attempt = () => e.running.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'nobody-here', password: 'wrong-password' } });
    let res = await attempt();
    for (let i = 0; i < 10 && res.statusCode === 401; i++) res = await attempt();
    expect(res.statusCode).toBe(429);
    expect(res.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/too many failed logins; retry in \d+ s/) });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
