/** validationMessage: zod issues, as the type provider reports them, become one sentence naming the field. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { AuditQuery, CreateUser, HistoryQuery, IdParams } from '@callboard/api';
import { validationMessage, type ValidationIssue } from './validation-message.ts';

/** Validate like a route does (the real validator compiler), then word the failure. */
function word(schema: z.ZodType, context: string, input: unknown) {
  const result = validatorCompiler({ schema } as never)(input) as { error?: ValidationIssue[] };
  if (!result.error) throw new Error('expected a validation failure');
  return validationMessage(result.error, context, schema, input);
}

describe('validation message', () => {
  it.each([
    { name: 'a missing field, with its description', schema: HistoryQuery, context: 'querystring', input: { to: '2026-11-02' }, message: 'from is required (YYYY-MM-DD or an ISO-8601 instant)', field: 'from' },
    { name: 'two missing fields', schema: HistoryQuery, context: 'querystring', input: {}, message: 'from is required (YYYY-MM-DD or an ISO-8601 instant); to is required (YYYY-MM-DD (inclusive: to the end of that day) or an ISO-8601 instant (exclusive))', field: 'from' },
    { name: 'a wrong type', schema: CreateUser, context: 'body', input: { login: 'a1', name: 3, roles: ['agent'] }, message: 'name must be text', field: 'name' },
    { name: 'a number too small', schema: AuditQuery, context: 'querystring', input: { limit: '0' }, message: 'limit must be at least 1', field: 'limit' },
    { name: 'a number too big', schema: AuditQuery, context: 'querystring', input: { limit: '5000' }, message: 'limit must be at most 1000', field: 'limit' },
    { name: 'a bad instant', schema: AuditQuery, context: 'querystring', input: { to: 'soon' }, message: 'to must be a valid datetime (exclusive, ISO-8601)', field: 'to' },
    { name: 'a value outside an enum, in a list', schema: CreateUser, context: 'body', input: { login: 'a1', name: 'A', roles: ['king'] }, message: 'roles.0 must be one of admin, supervisor, analyst, agent, display', field: 'roles.0' },
    { name: 'an empty list', schema: CreateUser, context: 'body', input: { login: 'a1', name: 'A', roles: [] }, message: 'roles must have at least 1 item', field: 'roles' },
    { name: 'a schema\'s own message, kept', schema: IdParams, context: 'params', input: { id: '*' }, message: 'id: not an id of this API (1-64 letters, digits, - or _)', field: 'id' },
    { name: 'a string too short', schema: CreateUser, context: 'body', input: { login: 'a1', name: 'A', roles: ['agent'], password: 'short' }, message: 'password: at least 10 characters', field: 'password' },
    { name: 'a string too long', schema: CreateUser, context: 'body', input: { login: 'a1', name: 'x'.repeat(121), roles: ['agent'] }, message: 'name must have at most 120 characters', field: 'name' },
    { name: 'no body at all', schema: CreateUser, context: 'body', input: undefined, message: 'body is required', field: undefined },
    { name: 'a bad e-mail', schema: CreateUser, context: 'body', input: { login: 'a1', name: 'A', roles: ['agent'], email: 'nope' }, message: 'email must be a valid email', field: 'email' },
  ])('validation - $name', ({ schema, context, input, message, field }) => {
    const out = word(schema, context, input);
    expect(out).toEqual({ message, field });
    expect(out.message).not.toMatch(/Invalid input|expected string|received undefined/);
  });
});
