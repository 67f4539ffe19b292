/**
 * One engine-side process of the ticket numbering race: opens the ticket service on NATS_URL (KV over JetStream)
 * with its own embedded ClickHouse, says it is ready, then opens COUNT tickets in SERIES in ROUNDS rounds (each at once, started by a line on stdin), and prints the
 * numbers it got as one JSON line. Run by test/tickets-numbering.test.ts, two at a time on one nats-server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { createBus } from '@callboard/bus';
import { TenantRegistry } from '../../apps/ingest/src/tenants/tenant-registry.ts';
import { TicketService } from '../../apps/ingest/src/tickets/service.ts';
import { testClickHouse } from './clickhouse.ts';
import { raceFields } from './ticket-race.ts';

const { NATS_URL, TENANT = 'race', SERIES = 'INT', COUNT = '25', ROUNDS = '5', WHO = 'worker' } = process.env;
const bus = await createBus({ NATS_URL, dataDir: mkdtempSync(join(tmpdir(), 'cb-ticket-worker-')) });
const tenants = await TenantRegistry.open(bus);
const { client: ch } = await testClickHouse();
const log = pino({ level: 'warn' });
const svc = await TicketService.open({ bus, ch, tenants, log }, { attachmentsDir: mkdtempSync(join(tmpdir(), 'cb-ticket-att-')) });
// Ready: say so, then for each "go" line on stdin open a round of COUNT / ROUNDS tickets at once and report it
// (the test releases both processes together for each round, however slow their start was).
const rounds = Number(ROUNDS);
const perRound = Number(COUNT) / rounds;
const me = { id: WHO, name: WHO };
const numbers: number[] = [];
const errors: string[] = [];
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
let round = 0;
for await (const _line of lines) {
  const results = await Promise.allSettled(Array.from({ length: perRound }, (_, i) =>
    svc.create(TENANT, SERIES, () => ({ tenant: TENANT, series: SERIES, fields: raceFields(`${WHO} #${round}.${i}`, me), source: null, by: me }), me)));
  const got = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.ticket.number] : []));
  numbers.push(...got);
  errors.push(...results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : [])));
  process.stdout.write(`round ${JSON.stringify(got)}\n`);
  if (++round === rounds) break;
}
await svc.close();
tenants.close();
await bus.close();
await ch.close();
process.stdout.write(`${JSON.stringify({ numbers, errors, probes: svc.counts.numberProbes })}\n`);
process.exit(0);
