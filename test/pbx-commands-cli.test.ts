/**
 * The Asterisk adapter's command line with PBX commands: a child process linked to a real engine
 * (embedded bus) over the WebSocket with an integration token, to an AMI protocol server started
 * here; the AMI secret comes from the environment and never appears in its output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootEngine, login, makeUser, type TestEngine } from './support/identity.ts';
import { startFakeAmi, type FakeAmi } from './support/fake-ami.ts';
import { spawnAdapter, type AdapterProcess } from './support/adapter-process.ts';

let e: TestEngine;
let fake: FakeAmi;
let adapter: AdapterProcess;
let sup: { cookie: string };

beforeAll(async () => {
  e = await bootEngine('pbx-cli', { CALLBOARD_COMMAND_TIMEOUT_MS: '3000' });
  const { user, password } = await makeUser(e, 'demo', 'sup', ['supervisor'], { extension: '900' });
  sup = { cookie: await login(e, { login: user.login, password }) };
  const token = (await e.running.services.tokens.create({ tenant: 'demo', role: 'integration', name: 'asterisk', createdBy: 'test' })).secret;
  fake = await startFakeAmi({ secret: 'very-secret-ami-password' });
  adapter = spawnAdapter(['--tenant', 'demo', '--url', e.url, '--token', token, '--ami-host', '127.0.0.1', '--ami-port', String(fake.port), '--ami-user', 'callboard',
    '--member', 'SIP/{agent}', '--channel', 'SIP/{extension}', '--context', 'callbacks'], { CALLBOARD_AMI_SECRET: 'very-secret-ami-password' });
  await adapter.waitFor("receiving tenant demo's commands");
  await adapter.waitFor('AMI: logged in');
});
afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await e?.stop();
});

const post = (name: string, body: object) => e.running.app.inject({ method: 'POST', url: `/api/v1/commands/${name}`, payload: body, headers: sup });

describe('asterisk adapter CLI - commands', () => {
  it('cli - commands run through AMI with the templates given on the command line', async () => {
    const add = await post('queue_add', { agent: '1001', queue: 'support' });
    expect(add.json()).toMatchObject({ status: 'ok', message: '1001 logged into support (Asterisk: Added interface to queue)' });
    expect(fake.actions.at(-1)!.fields.filter(([k]) => k !== 'ActionID')).toEqual([['Action', 'QueueAdd'], ['Queue', 'support'], ['Interface', 'SIP/1001'], ['MemberName', '1001'], ['Paused', 'false']]);
    const call = await post('originate', { extension: '901', number: '0212345', callbackId: 'cb-1' });
    expect(call.json().status).toBe('ok');
    expect(fake.actions.at(-1)!.fields.slice(1, 4)).toEqual([['Channel', 'SIP/901'], ['Context', 'callbacks'], ['Exten', '0212345']]);
    const spy = await post('barge', { agent: '1001' });
    expect(fake.actions.at(-1)!.get('Data')).toBe('SIP/1001,qB');
    expect(spy.json().status).toBe('ok');
  });

  it('cli - an AMI error is the command\'s result, and the adapter logs each command', async () => {
    const res = await post('queue_remove', { agent: '1001', queue: 'sales' });
    expect(res.json()).toMatchObject({ status: 'failed', message: 'Asterisk refused QueueRemove: Unable to remove interface: Not there' });
    await adapter.waitFor('command queue_remove');
    expect(adapter.output()).toContain('by sup: failed: Asterisk refused QueueRemove: Unable to remove interface: Not there');
  });

  it('cli - the AMI secret is read from the environment and never printed; SIGTERM stops it cleanly', async () => {
    expect(fake.logins.at(-1)).toMatchObject({ username: 'callboard', secret: 'very-secret-ami-password', ok: true });
    expect(adapter.proc.spawnargs.join(' ')).not.toContain('very-secret-ami-password');
    expect(adapter.output()).not.toContain('very-secret-ami-password');
    expect(await adapter.stop()).toBe(0);
  });

  it('cli - a missing secret or destination is a usage error (exit 2)', async () => {
    const noSecret = spawnAdapter(['--tenant', 'demo', '--url', e.url, '--token', 'x', '--ami-host', '127.0.0.1', '--ami-user', 'callboard'], { CALLBOARD_AMI_SECRET: '' });
    expect(await noSecret.exited).toBe(2);
    expect(noSecret.output()).toContain('set the AMI secret in the environment variable CALLBOARD_AMI_SECRET');
    const stdout = spawnAdapter(['--tenant', 'demo', '--stdout', '--ami-host', '127.0.0.1', '--ami-user', 'callboard'], { CALLBOARD_AMI_SECRET: 's' });
    expect(await stdout.exited).toBe(2);
    expect(stdout.output()).toContain('commands need --url/--token or --nats');
  });
});
