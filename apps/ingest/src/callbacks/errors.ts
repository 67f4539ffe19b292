/** Named errors of the callback service; their codes are @callboard/api's, so the app's error handler answers them. */
import type { RefusalCode } from '@callboard/metrics';

/** A step the request's state refuses (booked by someone else, closed, too soon, …): 409, or 404 for not_found. */
export class CallbackRefusedError extends Error {
  readonly code: 'NOT_FOUND' | 'CONFLICT';
  constructor(readonly refusal: RefusalCode, message: string) {
    super(message);
    this.name = 'CallbackRefusedError';
    this.code = refusal === 'not_found' ? 'NOT_FOUND' : 'CONFLICT';
  }
}

/** Compare-and-set kept failing (many writers on one request): the caller may try again. */
export class CallbackBusyError extends Error {
  readonly code = 'CONFLICT';
  constructor(requestId: string, options?: { cause?: unknown }) {
    super(`callback request ${requestId} is being changed by others right now; try again`, options);
    this.name = 'CallbackBusyError';
  }
}
