/**
 * PBX commands with NATS_URL: the engine on a real nats-server sends the command on
 * cc.<tenant>.cmd.<name>; the adapter CLI, subscribed on NATS directly (--nats), runs it against
 * the AMI protocol server and answers on cc.<tenant>.cmd_result.<id>. Another tenant's commands
 * never reach it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootEngine, login, makeUser, type TestEngine } from './support/identity.ts';
import { startFakeAmi, type FakeAmi } from './support/fake-ami.ts';
import { startNatsServer, type NatsServer } from './support/nats-server.ts';
import { spawnAdapter, type AdapterProcess } from './support/adapter-process.ts';

let nats: NatsServer;
let e: TestEngine;
let fake: FakeAmi;
let adapter: AdapterProcess;
const h = {} as Record<'demo' | 'other', { cookie: string }>;

beforeAll(async () => {
  nats = await startNatsServer();
  e = await bootEngine('pbx-nats', { NATS_URL: nats.url, CALLBOARD_COMMAND_TIMEOUT_MS: '2000' });
  await e.running.services.tenants.ensure('other', 'Other');
  for (const tenant of ['demo', 'other'] as const) {
    const { user, password } = await makeUser(e, tenant, 'sup', ['supervisor'], { extension: '900' });
    h[tenant] = { cookie: await login(e, { tenant, login: user.login, password }) };
  }
  fake = await startFakeAmi();
  adapter = spawnAdapter(['--tenant', 'demo', '--nats', nats.url, '--ami-host', '127.0.0.1', '--ami-port', String(fake.port), '--ami-user', 'callboard'], { CALLBOARD_AMI_SECRET: 'ami-secret' });
  await adapter.waitFor("receiving tenant demo's commands from NATS");
  await adapter.waitFor('AMI: logged in');
});
afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await e?.stop();
  await nats?.stop();
});

const post = (tenant: 'demo' | 'other', name: string, body: object) =>
  e.running.app.inject({ method: 'POST', url: `/api/v1/commands/${name}`, payload: body, headers: h[tenant] });

describe('pbx commands over NATS', () => {
  it('nats - a supervisor\'s command reaches the adapter on NATS and its result comes back', async () => {
    const res = await post('demo', 'queue_add', { agent: '1001', queue: 'sales' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', message: '1001 logged into sales (Asterisk: Added interface to queue)' });
    const listen = await post('demo', 'listen', { agent: '1001' });
    expect(listen.json().status).toBe('ok');
    expect(fake.actions.at(-1)!.fields.slice(1, 4)).toEqual([['Channel', 'PJSIP/900'], ['Application', 'ChanSpy'], ['Data', 'PJSIP/1001,q']]);
    const bad = await post('demo', 'queue_add', { agent: '1001', queue: 'sales' });
    expect(bad.json()).toMatchObject({ status: 'failed', message: 'Asterisk refused QueueAdd: Unable to add interface: Already there' });
  });

  it('nats - another tenant\'s command is not for this adapter: 202, nothing sent to AMI', async () => {
    const before = fake.actions.length;
    const res = await post('other', 'pause', { agent: '1001' });
    expect(res.statusCode).toBe(202);
    expect(res.json().message).toMatch(/^sent, but no PBX adapter answered within 2 s/);
    expect(fake.actions.length).toBe(before);
  });
});
