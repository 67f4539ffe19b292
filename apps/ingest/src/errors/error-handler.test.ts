/** errorHandler: every thrown error leaves in the one shape, with a code from the list; 5xx text stays hidden. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ErrorBody } from '@callboard/api';
import { InvalidMetricError, UnknownMetricError } from '@callboard/metrics';
import { KvKeyError } from '@callboard/bus';
import { LastAdminError, ThrottledError, UserNotFoundError } from '../identity/errors.ts';
import { QueryError } from '../query/query-parser.ts';
import { WallboardConflictError, WallboardNotFoundError } from '../wallboards/errors.ts';
import { TenantNotConfiguredError } from '../wallboards/history.ts';
import { errorHandler } from './error-handler.ts';
import { ConflictError, ForbiddenError, InvalidRequestError, NotFoundError } from './http-errors.ts';

async function answer(err: Error, opts: { bodyLimit?: number; payload?: string } = {}) {
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit });
  app.setErrorHandler(errorHandler);
  app.post('/boom', async () => { throw err; });
  const res = await app.inject({ method: 'POST', url: '/boom', payload: opts.payload ?? '{}', headers: { 'content-type': 'application/json' } });
  await app.close();
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

describe('error handler', () => {
  it.each([
    { err: new NotFoundError('no such token in this tenant'), status: 404, code: 'NOT_FOUND', message: 'no such token in this tenant' },
    { err: new ForbiddenError('this display may not show that wallboard'), status: 403, code: 'FORBIDDEN', message: 'this display may not show that wallboard' },
    { err: new ConflictError('custom metric x already exists'), status: 409, code: 'CONFLICT', message: 'custom metric x already exists' },
    { err: new InvalidRequestError('the body\'s id a differs from the URL\'s b', 'id'), status: 400, code: 'VALIDATION_FAILED', message: 'the body\'s id a differs from the URL\'s b', field: 'id' },
    { err: new QueryError('INVALID_RANGE', 'to must be after from'), status: 400, code: 'INVALID_RANGE', message: 'to must be after from' },
    { err: new UnknownMetricError('happiness'), status: 400, code: 'UNKNOWN_METRIC', message: 'unknown metric "happiness"' },
    { err: new InvalidMetricError('formula of x: expected ")"'), status: 400, code: 'INVALID_METRIC', message: 'formula of x: expected ")"' },
    { err: new WallboardNotFoundError('b1'), status: 404, code: 'NOT_FOUND', message: 'no wallboard b1' },
    { err: new WallboardConflictError('changed by someone else'), status: 409, code: 'CONFLICT', message: 'changed by someone else' },
    { err: new TenantNotConfiguredError('acme'), status: 404, code: 'NOT_FOUND', message: 'tenant acme is not configured' },
    { err: new UserNotFoundError('u1'), status: 404, code: 'NOT_FOUND', message: 'no user u1 in this tenant' },
    { err: new LastAdminError(), status: 409, code: 'LAST_ADMIN', message: 'this change would leave the tenant without an enabled admin' },
    { err: new KvKeyError('a.*'), status: 400, code: 'VALIDATION_FAILED', message: 'not an id or name this API knows (letters, digits, - and _ only)' },
  ])('errors - $err.name answers $status $code', async ({ err, status, code, message, field }) => {
    const res = await answer(err);
    expect(res.status).toBe(status);
    expect(ErrorBody.strict().parse(res.body)).toEqual({ error: { code, message, ...(field ? { field } : {}) } });
  });

  it('errors - a throttled login answers 429 RATE_LIMITED with Retry-After in seconds', async () => {
    const res = await answer(new ThrottledError(4_200));
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(res.headers['retry-after']).toBe('5');
  });

  it.each([
    { name: 'a plain Error', err: new Error('ECONNREFUSED 10.0.0.7:8123 password=hunter2') },
    { name: 'an error whose code is not in the list', err: Object.assign(new Error('KV_CONFLICT wrong last sequence 41'), { code: 'KV_CONFLICT' }) },
    { name: 'a 503 carrying a listed code', err: Object.assign(new Error('store offline at /var/lib/x'), { code: 'CONFLICT', statusCode: 503 }) },
  ])('errors - $name answers 5xx INTERNAL without its text', async ({ err }) => {
    const res = await answer(err);
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error; see the engine log' } });
  });

  it('errors - Fastify\'s body refusals are reworded: too large, not JSON', async () => {
    const large = await answer(new Error('unreached'), { bodyLimit: 10, payload: JSON.stringify({ a: 'x'.repeat(100) }) });
    expect(large.status).toBe(413);
    expect(large.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large' } });
    const broken = await answer(new Error('unreached'), { payload: '{"a":' });
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'the body is not valid JSON' } });
    expect(ERROR_CODES).toContain(broken.body.error.code);
  });
});
