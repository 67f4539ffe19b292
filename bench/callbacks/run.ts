/**
 * Booking latency under contention: AGENTS agents book the same COUNT callback requests at once,
 * ROUNDS times, (1) in this process on the embedded store and (2) when nats-server is installed, in two
 * worker processes on one real nats-server. Prints booking latency p50/p99 (every attempt, won or
 * refused) and the count of double bookings (must be 0) as JSON.
 *
 *   npm run bench:callbacks            # AGENTS=50 COUNT=20 ROUNDS=5 by default
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { normaliseCaller, SYSTEM } from '@callboard/metrics';
import { createBus } from '@callboard/bus';
import type { EventBus } from '@callboard/bus';
import { TenantRegistry } from '../../apps/ingest/src/tenants/tenant-registry.ts';
import { CallbackService } from '../../apps/ingest/src/callbacks/service.ts';
import { startNatsServer } from '../../test/support/nats-server.ts';
import { agentsOf, bookingRound, countingClickHouse, doubleBookings, percentile, raceIds, type RoundResult } from './contention.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AGENTS = Number(process.env.AGENTS ?? 50);
const COUNT = Number(process.env.COUNT ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TENANT = 'bench';

async function open(bus: EventBus) {
  const tenants = await TenantRegistry.open(bus);
  await tenants.ensure(TENANT, 'Bench centre');
  const svc = await CallbackService.open({ bus, ch: countingClickHouse(), tenants, log: pino({ level: 'warn' }) }, { sweepMs: 0 });
  return { tenants, svc };
}

async function seed(svc: CallbackService, n: number) {
  for (const [i, { phone }] of raceIds(n).entries()) {
    const caller = normaliseCaller(phone, 'IT');
    await svc.step(TENANT, caller.key, (at) => ({ kind: 'missed', at, tenant: TENANT, caller, channel: 'voice', queue: 'bench', callId: `bench-${i}` }));
  }
}

function summary(store: string, rounds: RoundResult[], processes: number, retries: number | null) {
  const lat = rounds.flatMap((r) => r.latenciesMs);
  return {
    store, processes, agents: AGENTS, requests: COUNT, rounds: rounds.length, attempts: lat.length,
    wins: rounds.reduce((n, r) => n + r.wins.length, 0), refused409: rounds.reduce((n, r) => n + r.refused, 0),
    errors: rounds.reduce((n, r) => n + r.errors.length, 0),
    doubleBookings: rounds.reduce((n, r) => n + doubleBookings(r.wins).length, 0),
    casRetries: retries,
    latencyMs: { p50: +percentile(lat, 50).toFixed(2), p99: +percentile(lat, 99).toFixed(2), max: +percentile(lat, 100).toFixed(2) },
  };
}

async function embedded() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-bench-callbacks-'));
  const bus = await createBus({ dataDir: dir });
  const { tenants, svc } = await open(bus);
  await seed(svc, COUNT);
  const ids = raceIds(COUNT).map((r) => r.id);
  const rounds: RoundResult[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push(await bookingRound(svc, TENANT, ids, agentsOf('agent', 0, AGENTS), i));
    for (const id of ids) await svc.step(TENANT, id, (at) => ({ kind: 'cancel_booking', at, by: SYSTEM, reason: 'next round' }));
  }
  const out = summary('embedded KV (in process)', rounds, 1, svc.counts.casRetries);
  await svc.close();
  tenants.close();
  await bus.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

async function nats() {
  const server = await startNatsServer().catch(() => null);
  if (!server) return { store: 'NATS KV', skipped: 'nats-server not found (NATS_SERVER, /usr/sbin/nats-server)' };
  try {
    const bus = await createBus({ NATS_URL: server.url, dataDir: '/tmp' });
    const { tenants, svc } = await open(bus);
    await seed(svc, COUNT * ROUNDS);
    const goAt = Date.now() + 4000;
    const half = Math.floor(AGENTS / 2);
    const run = (agents: string) => new Promise<{ rounds: RoundResult[]; casRetries: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/callbacks/worker.ts'], {
        cwd: ROOT, env: { ...process.env, NATS_URL: server.url, TENANT, AGENTS: agents, COUNT: String(COUNT), ROUNDS: String(ROUNDS), GO_AT: String(goAt), ROUND_MS: '3000' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      child.once('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`worker exited ${code}`))));
    });
    const [a, b] = await Promise.all([run(`agent-a:0:${half}`), run(`agent-b:${half}:${AGENTS}`)]);
    const rounds = a.rounds.map((r, i) => ({ ...r, wins: [...r.wins, ...b.rounds[i].wins], refused: r.refused + b.rounds[i].refused,
      errors: [...r.errors, ...b.rounds[i].errors], latenciesMs: [...r.latenciesMs, ...b.rounds[i].latenciesMs] }));
    await svc.close();
    tenants.close();
    await bus.close();
    return summary('NATS KV (nats-server, JetStream)', rounds, 2, a.casRetries + b.casRetries);
  } finally {
    await server.stop();
  }
}

const results = [await embedded(), await nats()];
process.stdout.write(`${JSON.stringify({ bench: 'callbacks booking contention', at: new Date().toISOString(), results }, null, 2)}\n`);
const doubles = results.reduce((n, r) => n + ('doubleBookings' in r ? r.doubleBookings : 0), 0);
process.exit(doubles === 0 ? 0 : 1);
