import { describe, expect, it } from 'vitest';
import type { CommandName } from '@callboard/api';
import { ForbiddenError, InvalidRequestError } from '../errors/http-errors.ts';
import type { Principal } from '../identity/roles.ts';
import { authoriseCommand } from './authorise.ts';

const person = (role: Principal['role'], extension: string | null): Principal => ({
  tenant: 'demo', role, roles: [role], subject: `u-${role}`, kind: 'session',
  user: { id: `u-${role}`, login: role === 'agent' ? 'anna' : 'sara', name: role, extension, queues: [] },
});
const sup = person('supervisor', '900');
const anna = person('agent', '1001');

const CASES: [string, Principal, CommandName, Record<string, string>, Record<string, string> | typeof ForbiddenError | typeof InvalidRequestError][] = [
  ['a supervisor listens from their own extension', sup, 'listen', { agent: '1001' }, { agent: '1001', extension: '900' }],
  ['a supervisor barges from another extension', sup, 'barge', { agent: '1001', extension: '905' }, { agent: '1001', extension: '905' }],
  ['a supervisor without an extension must name one', person('supervisor', null), 'whisper', { agent: '1001' }, InvalidRequestError],
  ['a supervisor pauses anyone', sup, 'pause', { agent: '1002', reason: 'Lunch' }, { agent: '1002', reason: 'Lunch' }],
  ['an agent pauses themselves by extension', anna, 'pause', { agent: '1001' }, { agent: '1001' }],
  ['an agent pauses themselves by login', anna, 'unpause', { agent: 'anna' }, { agent: 'anna' }],
  ['an agent may not pause someone else', anna, 'pause', { agent: '1002' }, ForbiddenError],
  ['an agent calls from their own phone by default', anna, 'originate', { number: '555' }, { number: '555', extension: '1001' }],
  ['an agent may not ring another phone', anna, 'originate', { extension: '1002', number: '555' }, ForbiddenError],
  ['an agent may not call as another agent', anna, 'originate', { agent: '1002', number: '555' }, ForbiddenError],
  ['an agent may not log anyone into a queue', anna, 'queue_add', { agent: '1001', queue: 'sales' }, ForbiddenError],
  ['an agent may not listen', anna, 'listen', { agent: '1002', extension: '1001' }, ForbiddenError],
  ['an agent without an extension cannot call', person('agent', null), 'originate', { number: '555' }, InvalidRequestError],
];

describe('authoriseCommand', () => {
  it.each(CASES)('authorise - %s', (_what, who, name, body, want) => {
    if (typeof want === 'function') expect(() => authoriseCommand(who, name, body as never)).toThrow(want);
    else expect(authoriseCommand(who, name, body as never)).toEqual(want);
  });
});
