/** Composition root: creates the bus, ClickHouse, engine and HTTP app from a Config, and stops them in order. */
import { dayWindow } from '@callboard/metrics';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { Consumers, Leases, Streams } from '@callboard/nats';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Buckets } from '@callboard/nats';
import { createBus, type EventBus } from '@callboard/bus';
import type { Config } from './config.ts';
import { Engine } from './engine/engine.ts';
import { describeOwner, OwnerLease, type OwnerLeaseLostError } from './engine/owner-lease.ts';
import { fencedBus } from './engine/owner-fence.ts';
import { LiveHub } from './engine/live-hub.ts';
import { createPublisher } from './engine/publisher.ts';
import { createStats } from './engine/stats.ts';
import { TenantRegistry } from './tenants/tenant-registry.ts';
import { TokenStore } from './identity/tokens.ts';
import { bootstrapToken as createBootstrapToken } from './identity/bootstrap-token.ts';
import { DisplaySessionStore } from './identity/display-sessions.ts';
import { Identity } from './identity/identity.ts';
import { REDACT_PATHS } from './identity/redact.ts';
import { scheduleBackups } from './backup/schedule.ts';
import type { Principal } from './identity/roles.ts';
import { buildApp } from './app.ts';
import { isWebSocketRoute } from './plugins/app/auth.ts';
import { createClickHouse } from './store/clickhouse.ts';
import { migrate } from './store/migrate.ts';
import { migrateAllKeys } from './kv/migrate-keys.ts';
import { createRepository } from './store/repository.ts';
import type { Services } from './services.ts';
import { CustomMetricStore } from './wallboards/custom-metric-store.ts';
import { DEFAULT_WALLBOARD } from './wallboards/default-board.ts';
import { WallboardStore } from './wallboards/wallboard-store.ts';
import { createSimulator, DEFAULT_AGENTS, type Simulator } from './simulator/index.ts';
import { CallbackService } from './callbacks/service.ts';
import { DemoBookings } from './callbacks/demo-bookings.ts';
import { seedDemoTickets } from './tickets/demo-tickets.ts';
import { TicketService } from './tickets/service.ts';
import { ATTACHMENTS_DIR } from './tickets/attachments.ts';
import { ExportJobs } from './exports/jobs.ts';
import { SourceCatalogue } from './exports/catalogue.ts';
import { reportSources } from './reports/export-provider.ts';
import { ticketReportSources } from './tickets/export-provider.ts';
import { Scheduler } from './schedules/scheduler.ts';
import { ReportMailer } from './schedules/mailer.ts';
import { demoHistorySpec, writeDemoHistory } from './simulator/history.ts';

export interface Running {
  app: FastifyInstance;
  services: Services;
  url: string;
  /** The bootstrap admin token, when this start created it. */
  bootstrapToken: string | null;
  /** The generated password of the bootstrap tenant's `admin` user, when this start created it (print once). */
  bootstrapPassword: string | null;
  /** The demo agents booking callback requests, when the simulator is on. */
  demoBookings: DemoBookings | null;
  /** The demo's tickets being opened in the background (simulator on), resolved once done; null otherwise. */
  demoTickets: Promise<void> | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Extra Fastify plugins (web app, identity), registered after the API. */
  extra?: ((app: FastifyInstance, services: Services) => Promise<void>)[];
  /** Extra ways to authenticate (session cookies), tried after bearer tokens. */
  authenticators?: ((req: FastifyRequest, services: Services) => Promise<Principal | null>)[];
  /** The clock of export jobs and scheduled reports (tests move it on to see files expire). */
  now?: () => number;
  /** Scheduled reports' retries (tests shorten them). */
  schedules?: { attempts?: number; retryMs?: number };
  /** The engine lost its owner lease while running (it has already stopped consuming); main.ts exits. */
  onLeaseLost?: (err: OwnerLeaseLostError) => void;
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  // :NOTE: clients that cannot set headers on a WebSocket may pass the token in its URL; only on
  // the WebSocket routes themselves (matched by route, not by the URL's text), nowhere else.
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' && isWebSocketRoute(req) ? q : null;
}

export async function start(config: Config, options: StartOptions = {}): Promise<Running> {
  const log = options.log ?? pino({ level: config.LOG_LEVEL, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
  // What is opened is closed again, last first, when a later step fails (a port in use, a migration refused): the
  // owner lease released, so the next start need not wait for its TTL; the bus and ClickHouse closed.
  const opened: (() => unknown)[] = [];
  try {
    return await startOpened(config, options, log, opened);
  } catch (err) {
    for (const close of opened.reverse()) {
      try {
        await close();
      } catch (closeErr) {
        log.warn({ err: closeErr }, 'closing after a failed start failed');
      }
    }
    throw err;
  }
}

async function startOpened(config: Config, options: StartOptions, log: Logger, opened: (() => unknown)[]): Promise<Running> {
  const bus = await createBus({ NATS_URL: config.NATS_URL, dataDir: config.CALLBOARD_DATA });
  opened.push(() => bus.close());
  // Before anything is written: a second engine on the stream refuses here, having changed nothing.
  const lease = await takeLease(bus, config, log);
  opened.push(() => lease.release());
  const { client: ch, embedded } = createClickHouse({
    url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD, dataDir: config.CALLBOARD_DATA,
  });
  opened.push(() => ch.close());
  const applied = await migrate(ch);
  // Under the owner lease, before any store reads them: keys in an earlier layout get today's.
  const renamedKeys = await migrateAllKeys(bus);
  log.info({ clickhouse: embedded ? 'embedded (chdb)' : config.CLICKHOUSE_URL, bus: bus.kind, migrations: applied, renamedKeys }, 'storage ready');
  const repo = createRepository(ch);
  const stats = createStats();
  const tenants = await TenantRegistry.open(bus);
  opened.push(() => tenants.close());
  await tenants.ensure(config.CALLBOARD_BOOTSTRAP_TENANT, config.CALLBOARD_BOOTSTRAP_TENANT, bootstrapTimezone(config, Date.now()));
  const tokens = await TokenStore.open(bus);
  const identity = await Identity.open(bus, ch, log, {
    sessions: { idleMs: config.CALLBOARD_SESSION_IDLE_SECONDS * 1000, maxMs: config.CALLBOARD_SESSION_MAX_SECONDS * 1000 },
    perLogin: { threshold: 5, baseMs: config.CALLBOARD_LOGIN_BACKOFF_MS, maxMs: 15 * 60_000, windowMs: 15 * 60_000 },
    perIp: { threshold: 20, baseMs: config.CALLBOARD_LOGIN_BACKOFF_MS, maxMs: 15 * 60_000, windowMs: 15 * 60_000 },
  });
  opened.push(() => identity.close());
  const bootstrapToken = await createBootstrapToken(tokens, identity.audit, log, { tenant: config.CALLBOARD_BOOTSTRAP_TENANT, secret: config.CALLBOARD_BOOTSTRAP_TOKEN });
  const displays = new DisplaySessionStore(await bus.kv(Buckets.identity), tokens);
  const displaySweep = setInterval(() => void displays.sweep().catch((err) => log.warn({ err }, 'display session sweep failed')), 3600_000);
  displaySweep.unref();
  opened.push(() => clearInterval(displaySweep));
  const bootstrapPassword = await identity.bootstrapAdmin(config.CALLBOARD_BOOTSTRAP_TENANT, config.CALLBOARD_ADMIN_PASSWORD);
  const engine = new Engine(fencedBus(bus, lease), repo, tenants, log, stats, {
    batchSize: config.CALLBOARD_BATCH_SIZE, flushMs: config.CALLBOARD_FLUSH_MS, maxSkewMs: config.CALLBOARD_MAX_CLOCK_SKEW_SECONDS * 1000,
  });
  const callbacks = await CallbackService.open({ bus, ch, tenants, log }, {
    sweepMs: 5_000, mail: config.SMTP_URL ? { smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, users: identity.users } : undefined,
  });
  opened.push(() => callbacks.close());
  const tickets = await TicketService.open({ bus, ch, tenants, log }, {
    attachmentsDir: path.join(config.CALLBOARD_DATA, ATTACHMENTS_DIR),
    mail: config.SMTP_URL ? { smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, users: identity.users } : undefined,
  });
  opened.push(() => tickets.close());
  engine.onAccepted = (ev, call) => callbacks.handle(ev, call);
  lease.onLost((err) => {
    engine.ready = false;
    log.fatal({ err, holder: err.holder }, err.message);
    options.onLeaseLost?.(err);
  });
  await engine.start();
  opened.push(() => engine.stop());
  const hub = new LiveHub(engine, undefined, undefined, callbacks, tickets);
  hub.start();
  opened.push(() => hub.stop());
  const publisher = createPublisher(bus, repo, { maxSkewMs: config.CALLBOARD_MAX_CLOCK_SKEW_SECONDS * 1000 });
  const wallboards = await WallboardStore.open(bus);
  const customMetrics = await CustomMetricStore.open(bus);
  // The demo board of the bootstrap tenant, created once ever (a deleted one stays deleted).
  const bootstrapTenant = config.CALLBOARD_BOOTSTRAP_TENANT;
  await wallboards.once(bootstrapTenant, 'default', () => wallboards.create(bootstrapTenant, DEFAULT_WALLBOARD, 'system', 'overview'));
  const exportSources = new SourceCatalogue();
  exportSources.add(reportSources({ tenants, engine }));
  exportSources.add(ticketReportSources(tenants));
  const exports = new ExportJobs({ ch, dir: `${config.CALLBOARD_DATA}/exports`, catalogue: exportSources, log, now: options.now });
  opened.push(() => exports.close());
  const reportMailer = config.SMTP_URL ? new ReportMailer(config.SMTP_URL, config.SMTP_FROM) : null;
  const schedules = await Scheduler.open({ kv: await bus.kv(Buckets.schedules), exports, tenants, log, mailer: reportMailer, now: options.now, ...options.schedules });
  opened.push(() => schedules.close(), () => reportMailer?.close());
  const services: Services = { config, log, bus, ch, repo, engine, hub, publisher, stats, tenants, tokens, identity, displays, wallboards, customMetrics, callbacks, tickets, exports, schedules };
  const authenticate = async (req: FastifyRequest) => {
    const secret = bearer(req);
    if (secret) return tokens.verify(secret);
    const session = await identity.authenticate(req);
    if (session) return session;
    const display = await displays.authenticate(req);
    if (display) return display;
    for (const a of options.authenticators ?? []) {
      const p = await a(req, services);
      if (p) return p;
    }
    return null;
  };
  const app = await buildApp({ services, authenticate, extra: (options.extra ?? []).map((p) => (a: FastifyInstance) => p(a, services)) });
  opened.push(() => app.close());
  const url = await app.listen({ port: config.PORT, host: config.HOST });
  lease.setUrl(url);
  const backupRoot = config.CALLBOARD_BACKUP_DIR ?? `${config.CALLBOARD_DATA}/backups`;
  const backups = backupRoot === 'off' ? null : scheduleBackups({ ch, bus, dataDir: config.CALLBOARD_DATA }, backupRoot, config.CALLBOARD_BACKUP_KEEP, log);
  const simulator = config.CALLBOARD_SIMULATOR === 'on' ? startSimulator(services) : null;
  // With the demo traffic, demo agents also book, call back and release callback requests (Assign Call shows them).
  const demoBookings = simulator ? new DemoBookings(callbacks, { tenant: bootstrapTenant, agents: DEFAULT_AGENTS.map((a) => a.name) }, log) : null;
  demoBookings?.start();
  // With the demo traffic, on the first start, the demo tenant's past 90 days are written in the background (once ever).
  let stopping = false;
  const history = simulator && config.CALLBOARD_DEMO_HISTORY_DAYS > 0 ? startDemoHistory(services, () => stopping) : null;
  // ... and a tenant that never had a ticket gets the demo's cases, taken and worked by its people (admins first).
  const demoTickets = simulator ? openDemoTickets(services, bootstrapTenant, log) : null;
  return {
    app, services, url, bootstrapToken, bootstrapPassword, demoBookings, demoTickets,
    async stop() {
      stopping = true;
      await history;
      await demoTickets;
      await simulator?.stop();
      await demoBookings?.stop();
      backups?.stop();
      await app.close();
      identity.close();
      clearInterval(displaySweep);
      hub.stop();
      await schedules.close();
      reportMailer?.close();
      await exports.close();
      await engine.stop();
      await callbacks.close();
      await tickets.close();
      // After the last ack: the next owner starts from there, at once.
      await lease.release();
      tenants.close();
      await bus.close();
      await ch.close();
    },
  };
}

function startDemoHistory(services: Services, stopped: () => boolean): Promise<void> {
  const { config, tenants, wallboards, ch, log } = services;
  const tenant = config.CALLBOARD_BOOTSTRAP_TENANT;
  const settings = tenants.get(tenant)!.settings;
  const spec = demoHistorySpec(tenant, settings.timezone, config.CALLBOARD_SIMULATOR_SCALE, settings.retentionDays);
  // :NOTE: marked done only once every day is written: a start stopped half-way writes the rest next time.
  return wallboards.once(tenant, 'demo-history', async () => {
    // After the simulator's catch-up on the day so far, which the first pages show.
    for (let i = 0; i < 100 && !stopped(); i++) await new Promise((r) => setTimeout(r, 100));
    await writeDemoHistory(ch, spec, config.CALLBOARD_DEMO_HISTORY_DAYS, log, stopped);
    if (stopped()) throw new Error('stopped');
  }).catch((err: unknown) => {
    if (!stopped()) log.error({ err }, 'demo history failed');
  });
}

/** The engine's owner lease on CC_EVENTS (see Leases in nats/): taken, or EngineOwnedError naming the holder. */
async function takeLease(bus: EventBus, config: Config, log: Logger): Promise<OwnerLease> {
  const ttlMs = config.CALLBOARD_OWNER_LEASE_SECONDS * 1000;
  const lease = await OwnerLease.acquire({
    kv: await bus.kv(Leases.bucket),
    key: Leases.engine.key,
    // :NOTE: without the user:password a NATS_URL may carry: the message goes to logs and terminals.
    what: `stream ${Streams.events.name} (consumer "${Consumers.engine.name}")${config.NATS_URL ? ` on ${config.NATS_URL.replace(/\/\/[^@/,]*@/g, '//')}` : ''}`,
    me: { instance: randomUUID(), host: os.hostname(), pid: process.pid, url: `http://${config.HOST}:${config.PORT}`, startedAt: new Date().toISOString() },
    ttlMs,
    // :NOTE: the embedded bus lives inside this process: a lease found there was left by a process
    // that is gone (nothing else can renew it), so waiting for it would only delay a restart.
    watchMs: bus.kind === 'embedded' ? 0 : ttlMs,
    log,
  });
  log.info({ key: Leases.engine.key, ttlMs }, 'this engine owns the event stream (owner lease taken)');
  if (lease.previous) log.warn({ previous: lease.previous }, `took over the engine lease left by ${describeOwner(lease.previous)}, which no longer renewed it (it did not stop cleanly)`);
  return lease;
}

/**
 * The bootstrap tenant's timezone when it is created: CALLBOARD_TIMEZONE, else, with the demo simulator on, a zone
 * where it is late morning now (the demo's clock, traffic and "today" then agree), else Europe/Rome.
 */
export function bootstrapTimezone(config: Pick<Config, 'CALLBOARD_TIMEZONE' | 'CALLBOARD_SIMULATOR'>, now: number): string {
  return config.CALLBOARD_TIMEZONE ?? (config.CALLBOARD_SIMULATOR === 'on' ? businessHoursZone(now) : 'Europe/Rome');
}

/**
 * Demo traffic for the bootstrap tenant, published through the same path as HTTP events. The simulated centre
 * lives in the tenant's own timezone, so the TV clock, the traffic curve and the day boundary agree.
 * :NOTE: it always simulates from the local midnight of today, with the same seed: the day's events are the same
 * at every start (same ids), so a restart re-publishes what is already stored (dropped as duplicates) and the calls
 * in progress at the stop go on to their real end, instead of a new simulation leaving them open for ever (agents
 * "Ready" with a call that never ends). A first start shows the morning already filled.
 */
function startSimulator(services: Services): Simulator {
  const { config, publisher, log, tenants } = services;
  const tenant = config.CALLBOARD_BOOTSTRAP_TENANT;
  const timezone = config.CALLBOARD_SIMULATOR_TIMEZONE ?? tenants.get(tenant)?.settings.timezone ?? businessHoursZone(Date.now());
  const fillFrom = dayWindow(Date.now(), timezone).start;
  const sim = createSimulator({
    tenant, timezone, speed: config.CALLBOARD_SIMULATOR_SPEED, scale: config.CALLBOARD_SIMULATOR_SCALE, fillFrom,
    publish: async (events) => {
      const r = await publisher.publish(tenant, events, 'simulator');
      if (r.rejected.length) log.warn({ rejected: r.rejected.slice(0, 3) }, 'simulator events rejected');
    },
    onError: (err) => log.warn({ err }, 'simulator publish failed; retrying'),
  });
  sim.start();
  const localTime = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.now());
  log.info({ tenant, timezone, localTime, speed: config.CALLBOARD_SIMULATOR_SPEED },
    `demo traffic simulator running: it is ${localTime} in the demo centre (${timezone})`);
  return sim;
}

/** The demo cases for the tenant's tickets (tickets/demo-tickets.ts): a failure is logged, never fatal. */
async function openDemoTickets(services: Services, tenant: string, log: Logger): Promise<void> {
  try {
    const users = await services.identity.users.list(tenant);
    const rank = (roles: readonly string[]) => (roles.includes('admin') ? 0 : roles.includes('supervisor') ? 1 : roles.includes('agent') ? 2 : 3);
    const people = users.filter((u) => rank(u.roles) < 3).sort((a, b) => rank(a.roles) - rank(b.roles)).map((u) => ({ id: u.id, name: u.name }));
    const settings = services.tenants.get(tenant)?.settings;
    if (settings) await seedDemoTickets(services.tickets, tenant, people, settings, log);
  } catch (err) {
    log.warn({ err, tenant }, 'demo tickets not opened');
  }
}

/**
 * :NOTE: the demo should look alive whenever someone starts it: unless told otherwise, the
 * simulated contact centre sits in a zone where it is late morning right now.
 */
export function businessHoursZone(now: number): string {
  return zoneWhereItIs(11, now);
}

/**
 * A city for each whole-hour offset from UTC whose zone keeps that offset all year (no daylight saving), so that a
 * newcomer reads "Asia/Tokyo" rather than "Etc/GMT-9" (whose sign is the reverse of its offset) and the demo's hour
 * does not move in spring or autumn. -12 has no such city: its Etc zone stays.
 */
const FIXED_OFFSET_CITIES: Record<number, string> = {
  [-11]: 'Pacific/Pago_Pago', [-10]: 'Pacific/Honolulu', [-9]: 'Pacific/Gambier', [-8]: 'Pacific/Pitcairn', [-7]: 'America/Phoenix',
  [-6]: 'America/Costa_Rica', [-5]: 'America/Bogota', [-4]: 'America/La_Paz', [-3]: 'America/Sao_Paulo', [-2]: 'America/Noronha',
  [-1]: 'Atlantic/Cape_Verde', 0: 'Africa/Abidjan', 1: 'Africa/Lagos', 2: 'Africa/Johannesburg', 3: 'Africa/Nairobi', 4: 'Asia/Dubai',
  5: 'Asia/Tashkent', 6: 'Asia/Dhaka', 7: 'Asia/Bangkok', 8: 'Asia/Singapore', 9: 'Asia/Tokyo', 10: 'Australia/Brisbane', 11: 'Pacific/Noumea',
};

/** A timezone with a fixed offset where the local hour is `hour` at `now` (a city's, when one has that offset all year). */
export function zoneWhereItIs(hour: number, now: number): string {
  const offset = ((hour - new Date(now).getUTCHours() + 36) % 24) - 12; // -12 … +11 hours from UTC
  // Etc/GMT signs are inverted (POSIX): Etc/GMT-2 is UTC+2.
  return FIXED_OFFSET_CITIES[offset] ?? `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
