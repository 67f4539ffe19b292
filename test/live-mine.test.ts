/**
 * GET /api/v1/live/mine on a real engine: an agent reads the live figures of their own queues and their own
 * state and numbers today — never other queues or other agents — while the tenant-wide feed stays refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyLive } from '@callboard/api';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { bootEngine, login, makeUser, type TestEngine } from './support/identity.ts';

const TOKEN = 'live-mine-test-token-012345';
let e: TestEngine;
let anna: string;

beforeAll(async () => {
  e = await bootEngine('live-mine', { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN });
  const u = await makeUser(e, 'demo', 'anna', ['agent'], { extension: '201' });
  await e.running.services.identity.users.update('demo', u.user.id, { queues: ['sales'] });
  anna = await login(e, { login: 'anna', password: u.password });
  const f = eventFactory('demo', 'mine-');
  const t = Date.now() - 60_000;
  const events = [
    f.agent(t, 'anna', 'ready', ['sales', 'support']), f.agent(t, 'marco', 'ready', ['support']),
    f.offered(t + 1000, 'c1', 'sales'), f.answered(t + 3000, 'c1', 'sales', 'anna', 2000),
    f.offered(t + 2000, 'c2', 'support'), f.offered(t + 2500, 'c3', 'sales'),
  ];
  const res = await e.running.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TOKEN}` }, payload: events });
  expect(res.statusCode).toBeLessThan(300);
});
afterAll(async () => e?.stop());

describe('live mine', () => {
  it('live mine - an agent sees their queues and themselves, nothing of other agents', async () => {
    let mine: MyLive | null = null;
    for (let i = 0; i < 50 && !mine?.me?.current; i++) {
      const res = await e.running.app.inject({ method: 'GET', url: '/api/v1/live/mine', headers: { cookie: anna } });
      expect(res.statusCode).toBe(200);
      mine = res.json();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(mine!.me).toMatchObject({ agent: 'anna', state: 'busy', current: { callId: 'c1', queue: 'sales' } });
    expect(mine!.me!.metrics.answered).toBe(1);
    expect(mine!.queues.map((q) => q.queue)).toEqual(['sales']);
    expect(mine!.queues[0].waiting.map((c) => c.callId)).toEqual(['c3']);
    expect(JSON.stringify(mine)).not.toContain('marco');
    expect((await e.running.app.inject({ method: 'GET', url: '/api/v1/live', headers: { cookie: anna } })).statusCode).toBe(403);
  });
});
