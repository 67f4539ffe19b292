/** Per-tenant and per-queue metric settings with their defaults (README "Metrics"). */
import { z } from 'zod';
import { CallbackSettings } from './callbacks/settings.ts';
import { TicketSettings } from './tickets/settings.ts';

const Ms = z.number().int().nonnegative().max(24 * 3600_000);

const QueueSettingsShape = z.object({
  /** Service-level threshold T, ms: answered with wait ≤ T counts as within service level. */
  slThresholdMs: Ms,
  /** Abandons with wait < this, ms, are short abandons (excluded from SL, SQ and abandon rate). */
  shortAbandonMs: Ms,
  /** Service-quality reference wait Tref, ms. */
  trefMs: Ms,
  /** Service-quality limit wait Tlim, ms (> Tref). */
  tlimMs: Ms,
  /** Service-quality early-answer penalty β (0..1). */
  beta: z.number().min(0).max(1),
});
export const QueueSettings = QueueSettingsShape.refine((s) => s.tlimMs > s.trefMs, { message: 'tlimMs must be greater than trefMs', path: ['tlimMs'] })
  .refine((s) => s.trefMs > 0, { message: 'trefMs must be positive', path: ['trefMs'] });
export type QueueSettings = z.infer<typeof QueueSettings>;

export const TenantSettings = z.object({
  /** IANA timezone: day boundaries of "today" and of daily reports. */
  timezone: z.string().min(1).refine(isValidTimezone, { message: 'unknown IANA timezone' }),
  /** Defaults for every queue. */
  defaults: QueueSettings,
  /** Per-queue overrides. */
  queues: z.record(z.string(), QueueSettingsShape.partial()).default({}),
  /** Raw-event and call-fact retention, days (ClickHouse TTL). */
  retentionDays: z.number().int().min(1).max(3650),
  /** Missed calls and callbacks (booking timeout, retention, attempts, eligible operators, default country); absent: the defaults. */
  callbacks: CallbackSettings.partial().optional(),
  /** Tickets (series, types, operation-log level, e-mail to the client, open period); absent: the defaults. */
  tickets: TicketSettings.partial().optional(),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  slThresholdMs: 20_000,
  shortAbandonMs: 5_000,
  trefMs: 20_000,
  tlimMs: 60_000,
  beta: 0.25,
};

export function defaultTenantSettings(timezone = 'Europe/Rome'): TenantSettings {
  return { timezone, defaults: { ...DEFAULT_QUEUE_SETTINGS }, queues: {}, retentionDays: 396 };
}

/** The effective settings of one queue: its overrides over the tenant defaults. */
export function queueSettings(settings: TenantSettings, queue: string): QueueSettings {
  const o = settings.queues[queue];
  return o ? { ...settings.defaults, ...o } : settings.defaults;
}

function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
