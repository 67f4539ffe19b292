/**
 * `npm run tenant -- <command>`: operator commands outside the API (no tenant admin may create
 * another tenant). With embedded storage stop the engine first (chdb locks its data directory);
 * with NATS_URL and CLICKHOUSE_URL they run beside live engines, which pick up changes by KV watch.
 *   add <id> [name] [timezone]   create a call centre and its `admin` (password printed once)
 *   list                         call centres and their user counts
 *   admin-password <id> [login]  set a new password for a tenant's admin (lost password), printed once
 */
import pino from 'pino';
import { createBus } from '@callboard/bus';
import { loadConfig } from '../config.ts';
import { TenantRegistry, TenantRecord } from '../tenants/tenant-registry.ts';
import { createClickHouse } from '../store/clickhouse.ts';
import { migrate } from '../store/migrate.ts';
import { Identity } from './identity.ts';
import { generatePassword } from './passwords.ts';

const [command, id, ...rest] = process.argv.slice(2);
const usage = 'usage: npm run tenant -- add <id> [name] [timezone] | list | admin-password <id> [login]';
if (!['add', 'list', 'admin-password'].includes(command) || (command !== 'list' && !id)) {
  console.error(usage);
  process.exit(2);
}
if (id && !TenantRecord.shape.id.safeParse(id).success) {
  console.error(`tenant id "${id}": lower-case letters, digits, - and _ (up to 63)`);
  process.exit(2);
}

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const log = pino({ level: 'warn' });
const bus = await createBus({ NATS_URL: config.NATS_URL, dataDir: config.CALLBOARD_DATA });
const { client: ch } = createClickHouse({
  url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER,
  password: config.CLICKHOUSE_PASSWORD, dataDir: config.CALLBOARD_DATA,
});
const tenants = await TenantRegistry.open(bus);
const identity = await Identity.open(bus, ch, log, {
  sessions: { idleMs: 1, maxMs: 1 },
  perLogin: { threshold: 5, baseMs: 1, maxMs: 1, windowMs: 1 },
  perIp: { threshold: 5, baseMs: 1, maxMs: 1, windowMs: 1 },
});
try {
  await migrate(ch);
  if (command === 'list') {
    for (const t of tenants.list()) console.log(`${t.id}\t${t.name}\t${t.settings.timezone}\t${(await identity.users.list(t.id)).length} users`);
  } else if (command === 'add') {
    if (tenants.get(id)) throw new Error(`tenant ${id} exists already`);
    await tenants.ensure(id, rest[0] ?? id, rest[1] ?? config.CALLBOARD_TIMEZONE ?? 'Europe/Rome');
    const password = await identity.bootstrapAdmin(id);
    console.log(`created call centre "${id}"; sign in as "admin" of "${id}" with password (shown once): ${password}`);
  } else {
    if (!tenants.get(id)) throw new Error(`no tenant ${id}`);
    const login = rest[0] ?? 'admin';
    const user = await identity.users.findByLogin(id, login);
    if (!user) throw new Error(`no user ${login} in ${id}`);
    const password = generatePassword();
    await identity.users.setPassword(id, user.id, password);
    if (user.disabled) await identity.users.update(id, user.id, { disabled: false });
    await identity.audit.record(id, null, { ip: '', actorName: 'operator (npm run tenant)', system: true }, { action: 'user.password.reset', target: user.id, detail: { login } });
    console.log(`new password for "${login}" of "${id}" (shown once; their sessions ended): ${password}`);
  }
} catch (err) {
  console.error(`failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  identity.close();
  tenants.close();
  await bus.close();
  await ch.close();
}
