/** Composition root: creates the bus, ClickHouse, engine and HTTP app from a Config, and stops them in order. */
import pino, { type Logger } from 'pino';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createBus } from './bus/index.ts';
import type { Config } from './config.ts';
import { Engine } from './engine/engine.ts';
import { LiveHub } from './engine/live-hub.ts';
import { createPublisher } from './engine/publisher.ts';
import { createStats } from './engine/stats.ts';
import { TenantRegistry } from './engine/tenants.ts';
import { TokenStore } from './identity/tokens.ts';
import { Identity } from './identity/identity.ts';
import { REDACT_PATHS } from './identity/redact.ts';
import { scheduleBackups } from './backup/schedule.ts';
import type { Principal } from './identity/roles.ts';
import { buildApp } from './app.ts';
import { createClickHouse } from './store/clickhouse.ts';
import { migrate } from './store/migrate.ts';
import { createRepository } from './store/repository.ts';
import type { Services } from './services.ts';
import { createSimulator, type Simulator } from './simulator/index.ts';

export interface Running {
  app: FastifyInstance;
  services: Services;
  url: string;
  /** The bootstrap admin token, when this start created it. */
  bootstrapToken: string | null;
  /** The generated password of the bootstrap tenant's `admin` user, when this start created it (print once). */
  bootstrapPassword: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Extra Fastify plugins (web app, identity), registered after the API. */
  extra?: ((app: FastifyInstance, services: Services) => Promise<void>)[];
  /** Extra ways to authenticate (session cookies), tried after bearer tokens. */
  authenticators?: ((req: FastifyRequest, services: Services) => Promise<Principal | null>)[];
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  // :NOTE: browsers cannot set headers on a WebSocket; TVs and pages pass the token in the URL.
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' && req.url.includes('/ws') ? q : null;
}

export async function start(config: Config, options: StartOptions = {}): Promise<Running> {
  const log = options.log ?? pino({ level: config.LOG_LEVEL, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
  const bus = await createBus({ NATS_URL: config.NATS_URL, dataDir: config.CALLBOARD_DATA });
  const { client: ch, embedded } = createClickHouse({
    url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE, username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD, dataDir: config.CALLBOARD_DATA,
  });
  const applied = await migrate(ch);
  log.info({ clickhouse: embedded ? 'embedded (chdb)' : config.CLICKHOUSE_URL, bus: bus.kind, migrations: applied }, 'storage ready');
  const repo = createRepository(ch);
  const stats = createStats();
  const tenants = await TenantRegistry.open(bus);
  await tenants.ensure(config.CALLBOARD_BOOTSTRAP_TENANT, config.CALLBOARD_BOOTSTRAP_TENANT, config.CALLBOARD_TIMEZONE);
  const tokens = await TokenStore.open(bus);
  const bootstrapToken = await bootstrap(tokens, config);
  const identity = await Identity.open(bus, ch, log, {
    sessions: { idleMs: config.CALLBOARD_SESSION_IDLE_SECONDS * 1000, maxMs: config.CALLBOARD_SESSION_MAX_SECONDS * 1000 },
    perLogin: { threshold: 5, baseMs: config.CALLBOARD_LOGIN_BACKOFF_MS, maxMs: 15 * 60_000, windowMs: 15 * 60_000 },
    perIp: { threshold: 20, baseMs: config.CALLBOARD_LOGIN_BACKOFF_MS, maxMs: 15 * 60_000, windowMs: 15 * 60_000 },
  });
  const bootstrapPassword = await identity.bootstrapAdmin(config.CALLBOARD_BOOTSTRAP_TENANT, config.CALLBOARD_ADMIN_PASSWORD);
  const engine = new Engine(bus, repo, tenants, log, stats, {
    batchSize: config.CALLBOARD_BATCH_SIZE, flushMs: config.CALLBOARD_FLUSH_MS, maxSkewMs: config.CALLBOARD_MAX_CLOCK_SKEW_SECONDS * 1000,
  });
  await engine.start();
  const hub = new LiveHub(engine);
  hub.start();
  const publisher = createPublisher(bus, repo, { maxSkewMs: config.CALLBOARD_MAX_CLOCK_SKEW_SECONDS * 1000 });
  const services: Services = { config, log, bus, ch, repo, engine, hub, publisher, stats, tenants, tokens, identity };
  const authenticate = async (req: FastifyRequest) => {
    const secret = bearer(req);
    if (secret) return tokens.verify(secret);
    const session = await identity.authenticate(req);
    if (session) return session;
    for (const a of options.authenticators ?? []) {
      const p = await a(req, services);
      if (p) return p;
    }
    return null;
  };
  const app = await buildApp({ services, authenticate, extra: (options.extra ?? []).map((p) => (a: FastifyInstance) => p(a, services)) });
  const url = await app.listen({ port: config.PORT, host: config.HOST });
  const backupRoot = config.CALLBOARD_BACKUP_DIR ?? `${config.CALLBOARD_DATA}/backups`;
  const backups = backupRoot === 'off' ? null : scheduleBackups({ ch, bus }, backupRoot, config.CALLBOARD_BACKUP_KEEP, log);
  const simulator = config.CALLBOARD_SIMULATOR === 'on' ? startSimulator(services) : null;
  return {
    app, services, url, bootstrapToken, bootstrapPassword,
    async stop() {
      await simulator?.stop();
      backups?.stop();
      await app.close();
      identity.close();
      hub.stop();
      await engine.stop();
      tenants.close();
      await bus.close();
      await ch.close();
    },
  };
}

/** Demo traffic for the bootstrap tenant, published through the same path as HTTP events. */
function startSimulator(services: Services): Simulator {
  const { config, publisher, log } = services;
  const tenant = config.CALLBOARD_BOOTSTRAP_TENANT;
  const timezone = config.CALLBOARD_SIMULATOR_TIMEZONE ?? businessHoursZone(Date.now());
  const sim = createSimulator({
    tenant, timezone, speed: config.CALLBOARD_SIMULATOR_SPEED, scale: config.CALLBOARD_SIMULATOR_SCALE,
    publish: async (events) => {
      const r = await publisher.publish(tenant, events, 'simulator');
      if (r.rejected.length) log.warn({ rejected: r.rejected.slice(0, 3) }, 'simulator events rejected');
    },
    onError: (err) => log.warn({ err }, 'simulator publish failed; retrying'),
  });
  sim.start();
  log.info({ tenant, timezone, speed: config.CALLBOARD_SIMULATOR_SPEED }, 'demo traffic simulator running');
  if (config.CALLBOARD_SIMULATOR_SPEED > 1) {
    log.warn({ maxClockSkewSeconds: config.CALLBOARD_MAX_CLOCK_SKEW_SECONDS },
      'the simulated clock runs ahead of the real one: its events beyond CALLBOARD_MAX_CLOCK_SKEW_SECONDS ahead become dead letters');
  }
  return sim;
}

/**
 * :NOTE: the demo should look alive whenever someone starts it: unless told otherwise, the
 * simulated contact centre sits in a fixed-offset zone where it is late morning right now.
 */
export function businessHoursZone(now: number): string {
  return zoneWhereItIs(11, now);
}

/** A fixed-offset timezone where the local hour is `hour` at `now`. */
export function zoneWhereItIs(hour: number, now: number): string {
  const offset = ((hour - new Date(now).getUTCHours() + 36) % 24) - 12; // -12 … +11 hours from UTC
  // Etc/GMT signs are inverted (POSIX): Etc/GMT-2 is UTC+2.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** The bootstrap admin token: CALLBOARD_BOOTSTRAP_TOKEN if set (created once), else a new one on first start. */
async function bootstrap(tokens: TokenStore, config: Config): Promise<string | null> {
  const tenant = config.CALLBOARD_BOOTSTRAP_TENANT;
  if (config.CALLBOARD_BOOTSTRAP_TOKEN) {
    if (await tokens.verify(config.CALLBOARD_BOOTSTRAP_TOKEN)) return null;
    await tokens.create({ tenant, role: 'admin', name: 'bootstrap', createdBy: 'bootstrap', secret: config.CALLBOARD_BOOTSTRAP_TOKEN });
    return config.CALLBOARD_BOOTSTRAP_TOKEN;
  }
  if ((await tokens.list(tenant)).some((t) => t.name === 'bootstrap')) return null;
  const { secret } = await tokens.create({ tenant, role: 'admin', name: 'bootstrap', createdBy: 'bootstrap' });
  return secret;
}
