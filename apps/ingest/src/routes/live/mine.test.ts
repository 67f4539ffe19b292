import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '@callboard/api';
import { mine } from './mine.ts';

const q = (queue: string) => ({ queue, waiting: [], agents: { ready: 1 }, metrics: { offered: 3 } });
const a = (agent: string, queues: string[]) => ({ agent, state: 'ready' as const, since: 1, reason: '', queues, current: null, metrics: { answered: 2 } });
const snap: LiveSnapshot = {
  tenant: 'demo', at: 10, day: '2026-12-01', timezone: 'Europe/Rome', total: q('*'),
  queues: [q('billing'), q('sales'), q('support')],
  agents: [a('anna', ['sales', 'support']), a('201', ['billing'])],
};
const user = (login: string, extension: string | null, queues: string[]) => ({ id: 'u1', login, name: login, extension, queues });

describe('live mine', () => {
  it.each([
    { name: 'the profile\'s queues win', u: user('anna', null, ['billing']), me: 'anna', queues: ['billing'] },
    { name: 'an empty profile falls back to the logged-in queues', u: user('anna', null, []), me: 'anna', queues: ['sales', 'support'] },
    { name: 'matched by extension when the login is not an agent', u: user('bob', '201', []), me: '201', queues: ['billing'] },
    { name: 'a queue with no traffic yet is still listed', u: user('carl', null, ['night']), me: null, queues: ['night'] },
    { name: 'no user (a token): nothing', u: null, me: null, queues: [] },
  ])('live mine - $name', ({ u, me, queues }) => {
    const m = mine(snap, u);
    expect(m.me?.agent ?? null).toBe(me);
    expect(m.queues.map((x) => x.queue)).toEqual(queues);
    expect(m).not.toHaveProperty('agents');
  });
});
