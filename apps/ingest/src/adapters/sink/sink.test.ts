import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Streams } from '@callboard/nats';
import type { CallEventInput } from '@callboard/metrics';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsServer, type NatsServer } from '../../../../../test/support/nats-server.ts';
import { generateDay } from '../../simulator/index.ts';
import { SinkError, createHttpSink, createNatsSink } from './index.ts';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const events: CallEventInput[] = generateDay({
  tenant: 'acme', seed: 2, date: '2026-11-25', timezone: 'Europe/Rome',
  fromMs: Date.parse('2026-11-25T10:00:00+01:00'), toMs: Date.parse('2026-11-25T10:05:00+01:00'),
});

interface Received {
  auth: string | undefined;
  body: CallEventInput[];
}

/** A stand-in for POST /api/v1/events answering like the engine does (status chosen per test). */
async function startEngineStub(status = 200): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    if (req.url !== '/api/v1/events' || req.method !== 'POST') return void res.writeHead(404).end();
    const body = JSON.parse(text) as CallEventInput[];
    received.push({ auth: req.headers.authorization, body });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200
      ? { accepted: body.length - 1, duplicates: 0, rejected: [{ index: 1, reason: 'ts: bad' }] }
      : { error: 'nope', message: `status ${status}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

describe('sink - http', () => {
  it('posts JSON arrays in batches with the bearer token and reports rejections', async () => {
    const stub = await startEngineStub();
    const rejected: string[] = [];
    const sink = createHttpSink({ url: stub.url, token: 'tok', batchSize: 10, onRejected: (r) => rejected.push(...r.map((x) => x.event.id)) });
    await sink.publish(events.slice(0, 25));
    stub.server.close();
    expect(stub.received.map((r) => r.body.length)).toEqual([10, 10, 5]);
    expect(stub.received.every((r) => r.auth === 'Bearer tok')).toBe(true);
    expect(stub.received.flatMap((r) => r.body)).toEqual(events.slice(0, 25));
    expect(rejected).toEqual([events[1].id, events[11].id, events[21].id]);
  });

  it.each([
    [401, false],
    [400, false],
    [429, true],
    [503, true],
  ])('HTTP %i fails the batch (retryable: %s)', async (status, retryable) => {
    const stub = await startEngineStub(status);
    const err = await createHttpSink({ url: stub.url, token: 'tok' }).publish(events.slice(0, 2)).catch((e: unknown) => e);
    stub.server.close();
    expect(err).toBeInstanceOf(SinkError);
    expect((err as SinkError).retryable).toBe(retryable);
    expect((err as SinkError).status).toBe(status);
  });
});

describe('sink - nats', () => {
  let nats: NatsServer;
  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    await nats?.stop();
  });

  it('publishes each event on its subject with msgId tenant:id, so a resend is deduplicated', async () => {
    const sink = await createNatsSink(nats.url);
    await sink.publish(events);
    await sink.publish(events.slice(0, 10));
    await sink.close();
    const nc = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(Streams.events.name);
    expect(info.state.messages).toBe(events.length);
    const first = await jsm.streams.getMessage(Streams.events.name, { seq: 1 });
    expect(first.subject).toBe(`cc.acme.events.${events[0].type.replace('.', '_')}`);
    expect(first.header.get('Nats-Msg-Id')).toBe(`acme:${events[0].id}`);
    expect(first.json()).toEqual(events[0]);
    await nc.close();
  });
});

describe('adapter CLIs', () => {
  const run = promisify(execFile);

  it('asterisk cli posts the mapped fixture to the engine', async () => {
    const stub = await startEngineStub();
    const { stderr } = await run('node', ['--import', 'tsx', 'apps/ingest/src/adapters/asterisk/cli.ts',
      '--file', 'apps/ingest/src/adapters/asterisk/fixtures/queue_log', '--url', stub.url, '--token', 't', '--tenant', 'acme'], { cwd: ROOT });
    stub.server.close();
    expect(stub.received.flatMap((r) => r.body)).toHaveLength(73);
    expect(stderr).toMatch(/66 lines: 73 events published, 4 ignored, 0 malformed/);
  });

  it('simulator cli prints a day as NDJSON, and usage on --help', async () => {
    const { stdout } = await run('node', ['--import', 'tsx', 'apps/ingest/src/simulator/cli.ts',
      '--stdout', '--tenant', 'demo', '--day', '2026-11-28', '--seed', '4'], { cwd: ROOT, maxBuffer: 64 << 20 });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as CallEventInput);
    expect(lines).toEqual(generateDay({ tenant: 'demo', seed: 4, date: '2026-11-28', timezone: 'Europe/Rome' }));
    const help = await run('node', ['--import', 'tsx', 'apps/ingest/src/simulator/cli.ts', '--help'], { cwd: ROOT });
    expect(help.stdout).toMatch(/^Usage: .*--tenant SLUG/);
  });
});
