/**
 * The one error handler: every failure leaves as `{ error: { code, message, field? } }` with a code
 * from @callboard/api's list. 4xx messages are specific and human; 5xx text stays in the log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isErrorCode, type ErrorBody, type ErrorCode } from '@callboard/api';
import { KvKeyError } from '@callboard/bus';
import { validationMessage } from './validation-message.ts';

/** The status of each code, for domain errors that carry a code but no status (QueryError, metric errors, store errors). */
const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415, RATE_LIMITED: 429, INTERNAL: 500, UNKNOWN_METRIC: 400, INVALID_METRIC: 400, INVALID_DATE: 400,
  INVALID_RANGE: 400, INVALID_GROUP: 400, INVALID_FILTER: 400, LOGIN_TAKEN: 409, EXTENSION_TAKEN: 409, LAST_ADMIN: 409, WRONG_PASSWORD: 403,
};

/** The generic code of a 4xx status (Fastify's own errors carry FST_* codes, not ours). */
function codeOfStatus(status: number): ErrorCode {
  const generic: Record<number, ErrorCode> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'RATE_LIMITED' };
  return generic[status] ?? 'VALIDATION_FAILED';
}

/** Fastify's body-parser refusals, reworded: its own text names internals ("FST_ERR_CTP_…", JSON.parse positions). */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'the request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'this Content-Type is not accepted here: send application/json (POST /events also takes application/x-ndjson)',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the body is empty but Content-Type says JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
};

export const errorBody = (code: ErrorCode, message: string, field?: string): ErrorBody => ({ error: { code, message, ...(field ? { field } : {}) } });

/** The status and body answering `err`; `null` means a server fault (5xx), whose text is not shown. */
function answerOf(err: FastifyError & { field?: string }, req: FastifyRequest): { status: number; body: ErrorBody } | null {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = err.validationContext as 'body' | 'querystring' | 'params' | 'headers' | undefined;
    const schema = context ? (req.routeOptions.schema as Record<string, unknown> | undefined)?.[context] : undefined;
    const input = context === 'querystring' ? req.query : context ? req[context] : undefined;
    const { message, field } = validationMessage(err.validation, context, schema, input);
    return { status: 400, body: errorBody('VALIDATION_FAILED', message, field) };
  }
  // :NOTE: route schemas validate ids (@callboard/api ids.ts); this catches any path that still builds a key from input.
  if (err instanceof KvKeyError) return { status: 400, body: errorBody('VALIDATION_FAILED', 'not an id or name this API knows (letters, digits, - and _ only)') };
  if (isErrorCode(err.code)) {
    const status = err.statusCode ?? STATUS[err.code];
    return status >= 500 ? null : { status, body: errorBody(err.code, err.message, err.field) };
  }
  const status = err.statusCode ?? 500;
  if (status < 400 || status >= 500) return null;
  if (err instanceof SyntaxError) return { status, body: errorBody('VALIDATION_FAILED', 'the body is not valid JSON') };
  return { status, body: errorBody(codeOfStatus(status), FASTIFY_MESSAGES[err.code] ?? err.message) };
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const answer = answerOf(err, req);
  if (answer) {
    if (answer.body.error.code === 'RATE_LIMITED' && 'retryAfterMs' in err) reply.header('retry-after', String(Math.ceil(Number(err.retryAfterMs) / 1000)));
    return reply.code(answer.status).send(answer.body);
  }
  req.log.error({ err }, 'request failed');
  const status = err.statusCode && err.statusCode >= 500 ? err.statusCode : 500;
  return reply.code(status).send(errorBody('INTERNAL', 'internal error; see the engine log'));
}

/** The router's own refusals, answered like the rest of the API (its default echoes the whole URL back). */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return reply.code(404).send(errorBody('NOT_FOUND', 'no such resource: a part of the path is longer than any id (100 characters)'));
  if (err.code === 'FST_ERR_BAD_URL') return reply.code(400).send(errorBody('VALIDATION_FAILED', 'the URL is not valid (bad percent-encoding)'));
  return reply.send(err);
}
