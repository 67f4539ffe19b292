/** The AMI client against an AMI protocol server started here (no Asterisk on this machine): login, events ignored, refusals and outages as results. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmiClient, createAmiExecutor } from '../apps/ingest/src/adapters/asterisk/ami/index.ts';
import { startFakeAmi, type FakeAmi } from './support/fake-ami.ts';
import { until } from './support/pbx-adapter.ts';

const command = { id: '6f1c1f7e-1f0a-4a47-9a0e-6d7f4c3f0b11', tenant: 'demo', at: new Date().toISOString(), by: 'sup', name: 'unpause', agent: '1001' } as const;
let fake: FakeAmi;
beforeAll(async () => { fake = await startFakeAmi(); });
afterAll(async () => fake?.close());

const client = (port: number, secret = 'ami-secret') => new AmiClient({ host: '127.0.0.1', port, username: 'callboard', secret, minBackoffMs: 50, actionTimeoutMs: 600 });

describe('AMI client', () => {
  it('ami - logs in with events off, ignores the events that come anyway, correlates responses by ActionID', async () => {
    const ami = client(fake.port);
    ami.start();
    await until(() => ami.connected);
    fake.queues.get('sales')!.add('PJSIP/1001');
    const [a, b] = await Promise.all([
      ami.action([['Action', 'QueuePause'], ['Interface', 'PJSIP/1001'], ['Paused', 'true']]),
      ami.action([['Action', 'QueuePause'], ['Interface', 'PJSIP/nobody'], ['Paused', 'true']]),
    ]);
    expect([a.get('Message'), b.get('Message')]).toEqual(['Interface paused successfully', 'Interface not found']);
    expect(ami.eventsIgnored).toBeGreaterThanOrEqual(1);
    await ami.close();
  });

  it('ami - a refused login is the command\'s failure message, and the client keeps retrying with back-off', async () => {
    const ami = client(fake.port, 'wrong');
    const tries = fake.logins.length;
    ami.start();
    const result = await createAmiExecutor(ami)(command);
    expect(result).toMatchObject({ id: command.id, ok: false });
    expect(result.message).toBe(`QueuePause not sent: no AMI connection to 127.0.0.1:${fake.port} (login to 127.0.0.1:${fake.port} as callboard refused: Authentication failed)`);
    await until(() => fake.logins.length >= tries + 2, 3000, 'a second login attempt');
    await ami.close();
  });

  it('ami - nothing listening, or not an AMI server: failed with the reason', async () => {
    const closedPort = await new Promise<number>((resolve) => { const s = net.createServer().listen(0, () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
    const down = client(closedPort);
    down.start();
    expect((await createAmiExecutor(down)(command)).message).toMatch(/^QueuePause not sent: no AMI connection to 127\.0\.0\.1:\d+ \(connect ECONNREFUSED/);
    await down.close();
    const http = net.createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const wrong = client((http.address() as net.AddressInfo).port);
    wrong.start();
    expect((await createAmiExecutor(wrong)(command)).message).toContain('not an AMI server (it said "HTTP/1.1 400 Bad Request")');
    await wrong.close();
    http.close();
  });
});
