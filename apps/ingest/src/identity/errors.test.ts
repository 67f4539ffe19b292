import { describe, expect, it } from 'vitest';
import { ExtensionTakenError, ForbiddenTargetError, IdentityError, LastAdminError, LoginTakenError, ThrottledError, UserNotFoundError, WrongPasswordError } from './errors.ts';

describe('identity errors', () => {
  it.each([
    [new LoginTakenError('anna'), 'LoginTakenError', 'LOGIN_TAKEN', 409],
    [new ExtensionTakenError('201'), 'ExtensionTakenError', 'EXTENSION_TAKEN', 409],
    [new UserNotFoundError('u1'), 'UserNotFoundError', 'NOT_FOUND', 404],
    [new LastAdminError(), 'LastAdminError', 'LAST_ADMIN', 409],
    [new ForbiddenTargetError('no'), 'ForbiddenTargetError', 'FORBIDDEN', 403],
    [new WrongPasswordError(), 'WrongPasswordError', 'WRONG_PASSWORD', 403],
    [new ThrottledError(1500), 'ThrottledError', 'RATE_LIMITED', 429],
  ])('errors - %s is named %s, with code %s and status %i', (err, name, code, status) => {
    expect(err).toBeInstanceOf(IdentityError);
    expect(err.name).toBe(name);
    expect(err.code).toBe(code);
    expect(err.statusCode).toBe(status);
  });
});
