/**
 * Exclusive booking under contention: 50 agents book the same 20 callback requests at once, repeated;
 * every request is booked exactly once and every loser is refused with a clear 409 — against the
 * embedded store in this process (and through the HTTP API), and against two engine-side processes
 * sharing one real nats-server (KV compare-and-set on JetStream).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { SYSTEM, zonedClock } from '@callboard/metrics';
import { createBus } from '@callboard/bus';
import { TenantRegistry } from '../apps/ingest/src/tenants/tenant-registry.ts';
import { CallbackService } from '../apps/ingest/src/callbacks/service.ts';
import { agentsOf, bookingRound, countingClickHouse, doubleBookings, raceIds, type RoundResult } from '../bench/callbacks/contention.ts';
import { bootEngine, login, type TestEngine } from './support/identity.ts';
import { startNatsServer, type NatsServer } from './support/nats-server.ts';
import { eventually } from './support/wait.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TENANT = 'race';
const REQUESTS = 20;
const AGENTS = 50;

/** Opens `n` requests (raceIds) by missed-call steps. */
async function seed(svc: CallbackService, n: number) {
  for (const [i, { phone }] of raceIds(n).entries()) {
    const caller = (await import('@callboard/metrics')).normaliseCaller(phone, 'IT');
    await svc.step(TENANT, caller.key, (at) => ({ kind: 'missed', at, tenant: TENANT, caller, channel: 'voice', queue: 'race', callId: `race-${i}` }));
  }
}

/** The abbreviation (or offset) the refusals give the tenant's timezone now, e.g. "CET". */
const zoneOf = (timezone: string) => zonedClock(Date.now(), timezone).slice(6);

function expectExclusive(rounds: RoundResult[], ids: string[][], zone: string) {
  for (const [i, r] of rounds.entries()) {
    expect(r.errors).toEqual([]);
    expect(doubleBookings(r.wins)).toEqual([]);
    expect(r.wins.map((w) => w.id).sort()).toEqual([...ids[i]].sort());
    expect(r.refused).toBe(AGENTS * REQUESTS - REQUESTS);
    for (const m of r.messages) expect(m).toBe(`already booked by agent-… until hh:mm ${zone}`);
  }
}

describe('callbacks - booking race, embedded store', () => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await bootEngine('callbacks-race');
    await e.running.services.tenants.ensure(TENANT, 'Race centre');
  });
  afterAll(async () => e?.stop());

  it('race - 50 agents × the same 20 requests, 3 rounds: each booked exactly once, every loser refused', async () => {
    const svc = e.running.services.callbacks;
    await seed(svc, REQUESTS);
    const ids = raceIds(REQUESTS).map((r) => r.id);
    const rounds: RoundResult[] = [];
    for (let round = 0; round < 3; round++) {
      const r = await bookingRound(svc, TENANT, ids, agentsOf('agent', 0, AGENTS), round);
      rounds.push(r);
      // The store agrees with the winners; then a supervisor cancels every booking for the next round.
      for (const w of r.wins) expect(svc.get(TENANT, w.id)?.request.bookedBy).toBe(w.agent);
      for (const id of ids) await svc.step(TENANT, id, (at) => ({ kind: 'cancel_booking', at, by: SYSTEM, reason: 'next round' }));
    }
    expectExclusive(rounds, [ids, ids, ids], zoneOf(e.running.services.tenants.get(TENANT)!.settings.timezone));
    await svc.history.flush();
    const booked = await (await e.running.services.ch.query({ query: `SELECT count() AS n FROM callback_history FINAL WHERE tenant = 'race' AND action = 'booked'`, format: 'JSONEachRow' })).json<{ n: string }>();
    expect(Number(booked[0].n)).toBe(3 * REQUESTS);
  });

  it('race - through HTTP: 10 signed-in agents book one request at once, one 200 and nine 409 naming the holder', async () => {
    const { services } = e.running;
    const cookies: string[] = [];
    for (let i = 0; i < 10; i++) {
      const password = `racer-${i}-password`;
      await services.identity.users.create(TENANT, { login: `racer${i}`, name: `Racer ${i}`, roles: ['agent'], extension: `70${i}`, queues: ['race'], password }, 'test');
      cookies.push(await login(e, { tenant: TENANT, login: `racer${i}`, password }));
    }
    const id = raceIds(REQUESTS)[0].id;
    const answers = await Promise.all(cookies.map((cookie) => e.running.app.inject({ method: 'POST', url: `/api/v1/callbacks/${id}/book`, headers: { cookie }, payload: {} })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, ...Array(9).fill(409)]);
    const won = answers.find((a) => a.statusCode === 200)!.json();
    // The time is said in the tenant's timezone, with its abbreviation or offset ("until 10:15 CET").
    const until = zonedClock(won.bookingExpiresAt, services.tenants.get(TENANT)!.settings.timezone);
    for (const a of answers.filter((x) => x.statusCode === 409)) {
      expect(a.json()).toEqual({ error: { code: 'CONFLICT', message: `already booked by ${won.bookedByName} until ${until}` } });
    }
  });
});

describe('callbacks - booking race, two processes on one nats-server', () => {
  let nats: NatsServer;
  beforeAll(async () => { nats = await startNatsServer(); });
  afterAll(async () => nats?.stop());

  it('race - 2 × 25 agents in two processes, 3 rounds of 20 requests: each booked exactly once across processes', async () => {
    const ROUNDS = 3;
    const bus = await createBus({ NATS_URL: nats.url, dataDir: '/tmp' });
    const tenants = await TenantRegistry.open(bus);
    await tenants.ensure(TENANT, 'Race centre');
    const svc = await CallbackService.open({ bus, ch: countingClickHouse(), tenants, log: pino({ level: 'warn' }) }, { sweepMs: 0 });
    await seed(svc, REQUESTS * ROUNDS);
    // Each worker says "ready" once its bus and service are open; the race starts for both at one moment after that.
    const run = (agents: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/callbacks/worker.ts'], {
        cwd: ROOT, env: { ...process.env, NATS_URL: nats.url, TENANT, AGENTS: agents, COUNT: String(REQUESTS), ROUNDS: String(ROUNDS), ROUND_MS: '3000' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
      const done = new Promise<{ rounds: RoundResult[] }>((resolve, reject) => child.once('close', (code) => (code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`worker exited ${code}: ${err.slice(-2000)}`)))));
      done.catch(() => {});
      return { child, done, ready: () => out.split('\n').includes('ready') };
    };
    const workers = [run('agent-a:0:25'), run('agent-b:25:50')];
    await eventually('both workers ready', () => workers.every((w) => w.ready()), 90_000);
    const goAt = Date.now() + 1_000;
    for (const w of workers) w.child.stdin.end(`${goAt}\n`);
    const [a, b] = await Promise.all(workers.map((w) => w.done));
    const all = raceIds(REQUESTS * ROUNDS).map((r) => r.id);
    const merged = a.rounds.map((r, i) => ({
      wins: [...r.wins, ...b.rounds[i].wins], refused: r.refused + b.rounds[i].refused, messages: [...new Set([...r.messages, ...b.rounds[i].messages])],
      errors: [...r.errors, ...b.rounds[i].errors], latenciesMs: [],
    }));
    // Both processes won some requests: the race really crossed processes.
    expect(a.rounds.flatMap((r) => r.wins).length).toBeGreaterThan(0);
    expect(b.rounds.flatMap((r) => r.wins).length).toBeGreaterThan(0);
    expectExclusive(merged, [0, 1, 2].map((i) => all.slice(i * REQUESTS, (i + 1) * REQUESTS)), zoneOf(tenants.get(TENANT)!.settings.timezone));
    // The shared KV holds each round's single winner.
    for (const w of merged.flatMap((r) => r.wins)) expect((await svc.step(TENANT, w.id, (at) => ({ kind: 'expire_booking', at })))?.request.bookedBy).toBe(w.agent);
    await svc.close();
    tenants.close();
    await bus.close();
  }, 120_000);
});
