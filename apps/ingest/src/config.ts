/** Configuration from the environment (every variable is documented in the README). */
import { z } from 'zod';
import { Leases } from '@callboard/nats';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  CALLBOARD_DATA: z.string().default('./data'),
  NATS_URL: z.string().optional(),
  CLICKHOUSE_URL: z.string().optional(),
  CLICKHOUSE_DATABASE: z.string().optional(),
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  /** Outgoing mail (nodemailer URL, e.g. smtp://user:pass@mail:587): e-mails per new missed call to users who opted in; unset: none sent. */
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default('callboard <callboard@localhost>'),
  CALLBOARD_BOOTSTRAP_TENANT: z.string().default('demo'),
  CALLBOARD_BOOTSTRAP_TOKEN: z.string().min(16).optional(),
  /** Timezone of the bootstrap tenant at its creation; unset: see bootstrapTimezone() in start.ts. */
  CALLBOARD_TIMEZONE: z.string().optional(),
  CALLBOARD_SIMULATOR: z.enum(['on', 'off']).default('on'),
  CALLBOARD_SIMULATOR_SPEED: z.coerce.number().positive().default(1),
  CALLBOARD_SIMULATOR_TIMEZONE: z.string().optional(),
  CALLBOARD_SIMULATOR_SCALE: z.coerce.number().positive().max(100).default(3),
  /** With the simulator: days of simulated history the demo tenant gets at its first start (0: none). */
  CALLBOARD_DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(396).default(90),
  CALLBOARD_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
  CALLBOARD_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** How long POST /commands/<name> waits for the PBX adapter's answer before replying 202 "sent, no adapter answered", ms. */
  CALLBOARD_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How far ahead of the engine's clock an event's ts may lie, seconds; further ahead: dead letter (a PBX clock a little fast is tolerated). */
  CALLBOARD_MAX_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  CALLBOARD_WEB: z.enum(['on', 'off']).default('on'),
  /** First run: the password of the bootstrap tenant's `admin` user (else one is generated and printed once). */
  CALLBOARD_ADMIN_PASSWORD: z.string().min(10).optional(),
  /** A browser session ends after this much inactivity, seconds (sliding). */
  CALLBOARD_SESSION_IDLE_SECONDS: z.coerce.number().int().min(1).default(8 * 3600),
  /** A browser session ends after this long whatever the activity, seconds. */
  CALLBOARD_SESSION_MAX_SECONDS: z.coerce.number().int().min(1).default(7 * 24 * 3600),
  /** Secure flag of the session cookie: auto = when the request came over https (or X-Forwarded-Proto: https). */
  CALLBOARD_COOKIE_SECURE: z.enum(['auto', 'on', 'off']).default('auto'),
  /** First lock-out after 5 failed logins (20 per IP), ms; doubles on each further failure, at most 15 min. */
  CALLBOARD_LOGIN_BACKOFF_MS: z.coerce.number().int().min(1).default(30_000),
  /** Daily backup directory ('off' disables); default <CALLBOARD_DATA>/backups — better another disk. */
  CALLBOARD_BACKUP_DIR: z.string().optional(),
  /** Backups kept (older ones deleted). */
  CALLBOARD_BACKUP_KEEP: z.coerce.number().int().min(1).default(14),
  /** Behind a reverse proxy: 'true', a hop count, or proxy addresses (comma-separated); then the client IP (login back-off, audit) and https come from X-Forwarded-*. */
  CALLBOARD_TRUST_PROXY: z.string().optional()
    .transform((v): boolean | string[] | ((address: string, hop: number) => boolean) => {
      if (v === undefined || v === '' || v === 'false') return false;
      if (v === 'true') return true;
      if (/^\d+$/.test(v)) return (_address, hop) => hop < Number(v);
      return v.split(',').map((x) => x.trim());
    }),
  /**
   * Origins allowed to show the pages in a frame (an intranet portal, a digital-signage player),
   * space- or comma-separated, e.g. `https://portal.example.com`; unset: no framing anywhere.
   */
  CALLBOARD_FRAME_ANCESTORS: z.string().optional()
    .transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?|'self')$/i, 'each framing origin is scheme://host[:port] or \'self\''))),
  /** Bearer token for scraping /metrics; unset: /metrics answers only when HOST is a loopback address. */
  CALLBOARD_METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16).optional()),
  /** With NATS_URL: the engine's owner lease TTL, seconds. A restart after kill -9 waits up to this long; a second engine on the stream refuses within a fifth of it. */
  CALLBOARD_OWNER_LEASE_SECONDS: z.coerce.number().min(1).max(300).default(Leases.engine.ttlMs / 1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof Env>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${why}`);
  }
  return parsed.data;
}
