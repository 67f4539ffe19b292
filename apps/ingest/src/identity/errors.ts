/** Named errors of the identity layer; the app's error handler answers with their statusCode and code (from @callboard/api's list). */
import type { ErrorCode } from '@callboard/api';

export class IdentityError extends Error {
  constructor(readonly code: ErrorCode, readonly statusCode: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    // Each subclass is named after itself (LoginTakenError, …) without repeating it.
    this.name = new.target.name;
  }
}

export class LoginTakenError extends IdentityError {
  constructor(login: string) {
    super('LOGIN_TAKEN', 409, `login "${login}" is already used in this tenant`);
  }
}

export class ExtensionTakenError extends IdentityError {
  constructor(extension: string) {
    super('EXTENSION_TAKEN', 409, `extension ${extension} already belongs to another user of this tenant`);
  }
}

export class UserNotFoundError extends IdentityError {
  constructor(id: string) {
    super('NOT_FOUND', 404, `no user ${id} in this tenant`);
  }
}

export class LastAdminError extends IdentityError {
  constructor() {
    super('LAST_ADMIN', 409, 'this change would leave the tenant without an enabled admin');
  }
}

export class ForbiddenTargetError extends IdentityError {
  constructor(message: string) {
    super('FORBIDDEN', 403, message);
  }
}

export class WrongPasswordError extends IdentityError {
  constructor() {
    super('WRONG_PASSWORD', 403, 'the current password is not correct');
  }
}

export class ThrottledError extends IdentityError {
  constructor(readonly retryAfterMs: number) {
    super('RATE_LIMITED', 429, `too many failed logins; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}
