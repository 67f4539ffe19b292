/**
 * Ticket numbers under concurrency: 50 tickets opened at once get the numbers 1..50 of their series, no gap, no
 * duplicate — on the embedded store (through the service and through HTTP), and from two engine-side processes
 * sharing one real nats-server (KV create/compare-and-set on JetStream).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createBus } from '@callboard/bus';
import { numberingProblems } from '@callboard/metrics';
import { TenantRegistry } from '../apps/ingest/src/tenants/tenant-registry.ts';
import { TicketService } from '../apps/ingest/src/tickets/service.ts';
import { bootEngine, login, makeUser, type TestEngine } from './support/identity.ts';
import { startNatsServer, type NatsServer } from './support/nats-server.ts';
import { testClickHouse } from './support/clickhouse.ts';
import { raceFields } from './support/ticket-race.ts';
import { eventually } from './support/wait.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TENANT = 'race';

describe('tickets - numbering, embedded store', () => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await bootEngine('tickets-numbering');
    await e.running.services.tenants.ensure(TENANT, 'Race centre');
    await e.running.services.tenants.updateSettings(TENANT, { ...e.running.services.tenants.get(TENANT)!.settings, tickets: { series: ['INT', 'SRV'] } });
  });
  afterAll(async () => e?.stop());

  it('numbers - 50 creations at once in one series: 1..50, no gap, no duplicate; another series starts at 1', async () => {
    const svc = e.running.services.tickets;
    const me = { id: 'u', name: 'U' };
    const open = (series: string, i: number) => svc.create(TENANT, series, () => ({ tenant: TENANT, series, fields: raceFields(`#${i}`, me), source: null, by: me }), me);
    const made = await Promise.all([...Array.from({ length: 50 }, (_, i) => open('INT', i)), ...Array.from({ length: 5 }, (_, i) => open('SRV', i))]);
    const int = made.filter((s) => s.ticket.series === 'INT').map((s) => s.ticket.number);
    expect(int.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(made.filter((s) => s.ticket.series === 'SRV').map((s) => s.ticket.number).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(made.map((s) => s.ticket.id)).size).toBe(55);
  });

  it('numbers - 50 agents open tickets through HTTP at once: consecutive numbers, each 201', async () => {
    const cookies: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { user, password } = await makeUser(e, TENANT, `agent${i}`, ['agent']);
      cookies.push(await login(e, { tenant: TENANT, login: user.login, password }));
    }
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => e.running.app.inject({
      method: 'POST', url: '/api/v1/tickets', headers: { cookie: cookies[i % 10] }, payload: { client: 'Race Srl', type: 'fault', subject: `http #${i}` },
    })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(201));
    const numbers = answers.map((a) => a.json().number as number);
    expect(numberingProblems([...numbers, ...Array.from({ length: 50 }, (_, i) => i + 1)])).toEqual({ gaps: [], duplicates: [] });
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 51));
  });
});

describe('tickets - numbering, two processes on one nats-server', () => {
  let nats: NatsServer;
  beforeAll(async () => { nats = await startNatsServer(); });
  afterAll(async () => nats?.stop());

  it('numbers - 2 × 25 creations from two processes, 5 rounds each started in both at once: 1..50, no gap, no duplicate', async () => {
    const bus = await createBus({ NATS_URL: nats.url, dataDir: '/tmp' });
    const tenants = await TenantRegistry.open(bus);
    await tenants.ensure(TENANT, 'Race centre');
    type Out = { numbers: number[]; errors: string[]; probes: number };
    const ROUNDS = 5;
    const workers = ['worker-a', 'worker-b'].map((who) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/ticket-worker.ts'], {
        cwd: ROOT, env: { ...process.env, NATS_URL: nats.url, TENANT, COUNT: '25', ROUNDS: String(ROUNDS), WHO: who }, stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      const lines: string[] = [];
      child.stdout!.on('data', (buf: Buffer) => {
        out += buf.toString();
        const parts = out.split('\n');
        out = parts.pop()!;
        lines.push(...parts);
      });
      child.stderr!.on('data', (buf: Buffer) => { err += buf.toString(); });
      const done = new Promise<Out>((resolve, reject) => child.once('close', (code) => (code === 0
        ? resolve(JSON.parse(lines.at(-1)!)) : reject(new Error(`${who} exited ${code}: ${err.slice(-2000)}`)))));
      done.catch(() => {});
      return { child, lines, done, err: () => err };
    });
    const said = (w: (typeof workers)[number], what: string, n: number) => eventually(`${what} ×${n}`, () => w.lines.filter((l) => l.startsWith(what)).length >= n, 90_000);
    // Both processes are up (bus, ClickHouse, service) before either opens a ticket; each round starts in both at once.
    await Promise.all(workers.map((w) => said(w, 'ready', 1)));
    const perRound: number[][][] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      for (const w of workers) w.child.stdin!.write('go\n');
      await Promise.all(workers.map((w) => said(w, 'round', r)));
      perRound.push(workers.map((w) => JSON.parse(w.lines.filter((l) => l.startsWith('round'))[r - 1].slice(6)) as number[]));
    }
    for (const w of workers) w.child.stdin!.end();
    const [a, b] = await Promise.all(workers.map((w) => w.done));
    // Every round's 10 numbers are the next 10: both processes drew from one sequence, round after round.
    for (const [r, [x, y]] of perRound.entries()) expect([...x, ...y].sort((m, n) => m - n)).toEqual(Array.from({ length: 10 }, (_, i) => r * 10 + i + 1));
    expect([...a.errors, ...b.errors]).toEqual([]);
    expect(a.numbers.length).toBe(25);
    expect(b.numbers.length).toBe(25);
    expect(numberingProblems([...a.numbers, ...b.numbers])).toEqual({ gaps: [], duplicates: [] });
    expect([...a.numbers, ...b.numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // The shared KV holds the 50 tickets, and the next one (from a third instance) is 51.
    const { client: ch } = await testClickHouse();
    const svc = await TicketService.open({ bus, ch, tenants, log: pino({ level: 'warn' }) }, { attachmentsDir: '/tmp/cb-ticket-att-check' });
    expect(svc.list(TENANT).map((s) => s.ticket.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const me = { id: 'u', name: 'U' };
    expect((await svc.create(TENANT, 'INT', () => ({ tenant: TENANT, series: 'INT', fields: raceFields('next', me), source: null, by: me }), me)).ticket.id).toBe('INT-51');
    await svc.close();
    tenants.close();
    await bus.close();
    await ch.close();
  }, 120_000);
});
