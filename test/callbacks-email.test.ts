/**
 * E-mail per new missed call (seed 001): users opt in for themselves; each gets one e-mail per new
 * missed call they may see (agents: their queues), through SMTP_URL — here a local smtp-server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { startSmtp, type LocalSmtp, type Received } from './support/smtp.ts';
import { bootEngine, login, type TestEngine } from './support/identity.ts';

const TENANT = 'mail';
let e: TestEngine;
let smtp: LocalSmtp | undefined;
const inbox = (): Received[] => smtp!.inbox;
const h = {} as Record<string, Record<string, string>>;

beforeAll(async () => {
  smtp = await startSmtp();
  e = await bootEngine('callbacks-email', { SMTP_URL: smtp.url, SMTP_FROM: 'callboard <cb@test.local>' });
  const { services } = e.running;
  await services.tenants.ensure(TENANT, 'Mail centre');
  for (const [name, roles, queues] of [['anna', ['agent'], ['sales']], ['bruno', ['agent'], ['sales']], ['carl', ['agent'], ['support']], ['sara', ['supervisor'], []]] as const) {
    const password = `${name}-password-123`;
    await services.identity.users.create(TENANT, { login: name, name, roles: [...roles], email: `${name}@test.local`, extension: null, queues: [...queues], password }, 'test');
    h[name] = { cookie: await login(e, { tenant: TENANT, login: name, password }) };
  }
});
afterAll(async () => {
  await e?.stop();
  await smtp?.close();
});

describe('callbacks - e-mail per new missed call', () => {
  it('mail - opted-in users who may see the request get one e-mail per new missed call; others none', async () => {
    for (const who of ['anna', 'carl', 'sara']) {
      const res = await e.running.app.inject({ method: 'PUT', url: '/api/v1/callbacks/preferences', headers: h[who], payload: { emailOnMissed: true } });
      expect(res.json()).toEqual({ emailOnMissed: true });
    }
    expect((await e.running.app.inject({ method: 'GET', url: '/api/v1/callbacks/preferences', headers: h.bruno })).json()).toEqual({ emailOnMissed: false });
    const ev = eventFactory(TENANT, 'm-');
    const now = Date.now();
    await e.running.services.publisher.publish(TENANT, [ev.offered(now - 40_000, 'c1', 'sales', '06 1234 5678'), ev.abandoned(now - 1000, 'c1', 'sales', 39_000)], 'test');
    const svc = e.running.services.callbacks;
    for (let i = 0; i < 200 && svc.list(TENANT).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    await svc.idle();
    await svc.mailer!.idle();
    for (let i = 0; i < 100 && inbox().length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(inbox().map((m) => m.to[0]).sort()).toEqual(['anna@test.local', 'sara@test.local']);
    expect(inbox()[0].body).toMatch(/Subject: Missed call from \+390612345678 \(sales\)/);
    // The same call redelivered is no new missed call: no second e-mail.
    await e.running.services.publisher.publish(TENANT, [ev.make('call.abandoned', now - 1000, { callId: 'c1', queue: 'sales', waitMs: 39_000 })], 'test');
    await new Promise((r) => setTimeout(r, 300));
    await svc.idle();
    await svc.mailer!.idle();
    expect(inbox()).toHaveLength(2);
  });
});
