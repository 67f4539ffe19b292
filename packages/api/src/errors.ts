/** The one error shape of the API and the one list of its error codes. */
import { z } from 'zod';

/**
 * Every code an /api answer may carry. Generic codes first; the specific ones after them exist
 * because a client acts on them differently (e.g. the login form, the builder's formula field).
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED', // 400: a param, query or body field is missing or wrong; `field` names it
  'UNAUTHENTICATED', // 401: no, invalid, revoked or expired credentials
  'FORBIDDEN', // 403: the caller's role (or binding) does not allow this
  'NOT_FOUND', // 404: no such route or record in the caller's tenant
  'CONFLICT', // 409: the record changed since it was read, or clashes with another
  'PAYLOAD_TOO_LARGE', // 413
  'UNSUPPORTED_MEDIA_TYPE', // 415
  'RATE_LIMITED', // 429: with Retry-After
  'INTERNAL', // 5xx: details are in the engine log only
  'UNKNOWN_METRIC', // 400: a metric id that is neither in the catalogue nor a custom metric
  'INVALID_METRIC', // 400: a custom metric's formula does not parse or refers to itself
  'INVALID_DATE', // 400: GET /metrics from/to
  'INVALID_RANGE', // 400: GET /metrics to before from, or too long
  'INVALID_GROUP', // 400: GET /metrics groupBy
  'INVALID_FILTER', // 400: GET /metrics queue/agent/channel
  'LOGIN_TAKEN', // 409
  'EXTENSION_TAKEN', // 409
  'LAST_ADMIN', // 409: the change would leave the tenant without an enabled admin
  'WRONG_PASSWORD', // 403: POST /auth/password with a wrong current password
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** `{ error: { code, message, field? } }`: `message` is a sentence fit to show a person. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string().describe('a human sentence; never validator internals or server details'),
    field: z.string().optional().describe('the request field at fault, dotted (e.g. "from", "widgets.0.layout")'),
  }),
}).describe('The error shape of every 4xx and 5xx answer');
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Narrow an unknown code (e.g. an error's) to the list. */
export const isErrorCode = (code: unknown): code is ErrorCode => ErrorCode.safeParse(code).success;
