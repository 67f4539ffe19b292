/** Named errors a route throws to answer 4xx; the app's error handler turns them into the one error shape. */
import type { ErrorCode } from '@callboard/api';

export class HttpError extends Error {
  /** The request field at fault, dotted, when there is one. */
  readonly field?: string;
  constructor(readonly statusCode: number, readonly code: ErrorCode, message: string, options: { cause?: unknown; field?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'HttpError';
    this.field = options.field;
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, 'NOT_FOUND', message);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, 'FORBIDDEN', message);
    this.name = 'ForbiddenError';
  }
}

export class ConflictError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(409, 'CONFLICT', message, options);
    this.name = 'ConflictError';
  }
}

/** A request that passed its schema but is still wrong (e.g. the body's id differs from the URL's). */
export class InvalidRequestError extends HttpError {
  constructor(message: string, field?: string) {
    super(400, 'VALIDATION_FAILED', message, { field });
    this.name = 'InvalidRequestError';
  }
}

export class UnauthenticatedError extends HttpError {
  constructor(message: string) {
    super(401, 'UNAUTHENTICATED', message);
    this.name = 'UnauthenticatedError';
  }
}
