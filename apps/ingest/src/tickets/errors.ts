/** Named errors of the ticket service; their codes are @callboard/api's, so the app's error handler answers them. */

/** A change the ticket refuses (the flow, a field): 409 CONFLICT or 400 VALIDATION_FAILED with the field. */
export class TicketRefusedError extends Error {
  readonly field?: string;
  constructor(readonly code: 'CONFLICT' | 'VALIDATION_FAILED', message: string, field?: string) {
    super(message);
    this.name = 'TicketRefusedError';
    this.field = field;
  }
}

/** Compare-and-set kept failing (many writers on one ticket or series): the caller may try again. */
export class TicketBusyError extends Error {
  readonly code = 'CONFLICT';
  constructor(what: string) {
    super(`${what} is being changed by others right now; try again`);
    this.name = 'TicketBusyError';
  }
}
