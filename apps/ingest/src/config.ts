/** Configuration from the environment (every variable is documented in the README). */
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  CALLBOARD_DATA: z.string().default('./data'),
  NATS_URL: z.string().optional(),
  CLICKHOUSE_URL: z.string().optional(),
  CLICKHOUSE_DATABASE: z.string().optional(),
  CLICKHOUSE_USER: z.string().optional(),
  CLICKHOUSE_PASSWORD: z.string().optional(),
  CALLBOARD_BOOTSTRAP_TENANT: z.string().default('demo'),
  CALLBOARD_BOOTSTRAP_TOKEN: z.string().min(16).optional(),
  CALLBOARD_TIMEZONE: z.string().default('Europe/Rome'),
  CALLBOARD_SIMULATOR: z.enum(['on', 'off']).default('on'),
  CALLBOARD_SIMULATOR_SPEED: z.coerce.number().positive().default(1),
  CALLBOARD_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
  CALLBOARD_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  CALLBOARD_WEB: z.enum(['on', 'off']).default('on'),
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
