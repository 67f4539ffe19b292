/**
 * One engine-side process of the ticket numbering race: opens the ticket service on NATS_URL (KV over JetStream)
 * with its own embedded ClickHouse, says it is ready and waits for a line on stdin, opens COUNT tickets at once in SERIES, and prints the
 * numbers it got as one JSON line. Run by test/tickets-numbering.test.ts, two at a time on one nats-server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createBus } from '@callboard/bus';
import { TenantRegistry } from '../../apps/ingest/src/tenants/tenant-registry.ts';
import { TicketService } from '../../apps/ingest/src/tickets/service.ts';
import { testClickHouse } from './clickhouse.ts';
import { raceFields } from './ticket-race.ts';

const { NATS_URL, TENANT = 'race', SERIES = 'INT', COUNT = '25', WHO = 'worker' } = process.env;
const bus = await createBus({ NATS_URL, dataDir: mkdtempSync(join(tmpdir(), 'cb-ticket-worker-')) });
const tenants = await TenantRegistry.open(bus);
const { client: ch } = await testClickHouse();
const log = pino({ level: 'warn' });
const svc = await TicketService.open({ bus, ch, tenants, log }, { attachmentsDir: mkdtempSync(join(tmpdir(), 'cb-ticket-att-')) });
// Ready: say so, then wait for the test's "go" on stdin (both workers start at once, however slow their start was).
process.stdout.write('ready\n');
await new Promise<void>((r) => process.stdin.once('data', () => r()));
const me = { id: WHO, name: WHO };
const results = await Promise.allSettled(Array.from({ length: Number(COUNT) }, (_, i) =>
  svc.create(TENANT, SERIES, () => ({ tenant: TENANT, series: SERIES, fields: raceFields(`${WHO} #${i}`, me), source: null, by: me }), me)));
const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.ticket.number] : []));
const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
await svc.close();
tenants.close();
await bus.close();
await ch.close();
process.stdout.write(`${JSON.stringify({ numbers, errors, probes: svc.counts.numberProbes })}\n`);
process.exit(0);
