/** Named wallboard-store errors, mapped to 404 / 409 by the routes. */
export class WallboardNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(id: string) {
    super(`no wallboard ${id}`);
    this.name = 'WallboardNotFoundError';
  }
}

export class WallboardConflictError extends Error {
  readonly code = 'CONFLICT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WallboardConflictError';
  }
}
