/**
 * One engine-side process of the booking race: opens the bus (NATS_URL), the tenant registry and a
 * CallbackService of its own, waits for GO_AT (epoch ms; without it, says "ready" and reads the epoch ms from a line on
 * stdin, so that a loaded machine's slow start cannot leave one process out of the race), runs ROUNDS booking rounds for its agents
 * (AGENTS=prefix:from:to) over COUNT requests of its own (round i: requests i × COUNT … (i + 1) × COUNT − 1
 * of raceIds), each round starting at GO_AT + i × ROUND_MS, and prints one JSON line with the results.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { createBus } from '@callboard/bus';
import { TenantRegistry } from '../../apps/ingest/src/tenants/tenant-registry.ts';
import { CallbackService } from '../../apps/ingest/src/callbacks/service.ts';
import { agentsOf, bookingRound, countingClickHouse, raceIds } from './contention.ts';

const env = process.env;
const [prefix, from, to] = (env.AGENTS ?? 'agent:0:25').split(':');
const bus = await createBus({ NATS_URL: env.NATS_URL, dataDir: env.DATA_DIR ?? '/tmp' });
const tenants = await TenantRegistry.open(bus);
const svc = await CallbackService.open({ bus, ch: countingClickHouse(), tenants, log: pino({ level: 'warn' }) }, { sweepMs: 0 });
let goAt = Number(env.GO_AT);
if (!env.GO_AT) {
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  [goAt] = (await once(lines, 'line')).map(Number);
  lines.close();
}
const count = Number(env.COUNT ?? 20);
const all = raceIds(count * Number(env.ROUNDS ?? 1)).map((r) => r.id);
const agents = agentsOf(prefix, Number(from), Number(to));
const rounds = [];
for (let i = 0; i < Number(env.ROUNDS ?? 1); i++) {
  const at = goAt + i * Number(env.ROUND_MS ?? 3000);
  await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
  rounds.push(await bookingRound(svc, env.TENANT ?? 'race', all.slice(i * count, (i + 1) * count), agents, i));
}
process.stdout.write(`${JSON.stringify({ rounds, casRetries: svc.counts.casRetries })}\n`);
await svc.close();
tenants.close();
await bus.close();
