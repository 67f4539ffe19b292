/** Raw bus throughput: publish and fetch+ack rates of N ~200-byte events on the embedded bus and on a local nats-server. Usage: node --import tsx bench/bus-raw.ts [N] [embedded|nats] */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedBus, createNatsBus, type EventBus } from '@callboard/bus';
import { Consumers, Streams, Subjects } from '../nats/src/names.ts';
import { startNatsServer } from '../test/support/nats-server.ts';

const N = Number(process.argv[2] ?? 200_000);
const only = process.argv[3];
/** Publishes in flight at once: enough to pipeline, bounded so memory stays flat. */
const WINDOW = 2000;
const BATCH = 1000;

function event(i: number): Uint8Array {
  const e = { v: 1, id: `e${i}`, tenant: 'acme', ts: 1_700_000_000_000 + i, type: 'call.offered', callId: `c${i >> 2}`, queue: 'sales', caller: '+390212345678', channel: 'voice' };
  return new TextEncoder().encode(JSON.stringify(e).padEnd(200, ' '));
}

async function run(kind: string, bus: EventBus) {
  await bus.ensureStream(Streams.events);
  const subject = Subjects.events('acme', 'call.offered');
  const payloads = Array.from({ length: 1000 }, (_, i) => event(i));
  let t0 = performance.now();
  for (let i = 0; i < N; i += WINDOW) {
    const n = Math.min(WINDOW, N - i);
    await Promise.all(Array.from({ length: n }, (_, j) => bus.publish(subject, payloads[(i + j) % 1000], { msgId: `e${i + j}` })));
  }
  const publishS = (performance.now() - t0) / 1000;
  const c = await bus.consumer({ ...Consumers.engine, filterSubject: Subjects.allEvents });
  t0 = performance.now();
  let got = 0;
  while (got < N) {
    const batch = await c.fetch(BATCH, 1000);
    for (const m of batch) m.ack();
    got += batch.length;
  }
  const consumeS = (performance.now() - t0) / 1000;
  await bus.close();
  return { kind, n: N, publishPerS: Math.round(N / publishS), consumePerS: Math.round(N / consumeS), publishS: +publishS.toFixed(2), consumeS: +consumeS.toFixed(2) };
}

const results = [];
if (!only || only === 'embedded') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-bench-bus-'));
  try {
    results.push(await run('embedded', await createEmbeddedBus(dir)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
if (!only || only === 'nats') {
  const server = await startNatsServer();
  try {
    results.push(await run('nats', await createNatsBus(server.url)));
  } finally {
    await server.stop();
  }
}
console.log(JSON.stringify(results, null, 2));
