/** Per-queue settings rendered as ClickHouse expressions over the `queue` column. */
import type { SqlSettings } from './components.ts';
import type { QueueSettings, TenantSettings } from './settings.ts';

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function perQueue(settings: TenantSettings, pick: (q: QueueSettings) => number): string {
  const fallback = pick(settings.defaults);
  const overrides = Object.entries(settings.queues)
    .map(([queue, o]) => [queue, pick({ ...settings.defaults, ...o })] as const)
    .filter(([, v]) => v !== fallback);
  if (overrides.length === 0) return String(fallback);
  // :NOTE: transform() keeps one expression per setting, whatever the number of queues.
  return `transform(queue, [${overrides.map(([q]) => quote(q)).join(', ')}], [${overrides.map(([, v]) => v).join(', ')}], ${fallback})`;
}

export function sqlSettings(settings: TenantSettings): SqlSettings {
  return {
    sl: perQueue(settings, (q) => q.slThresholdMs),
    short: perQueue(settings, (q) => q.shortAbandonMs),
    tref: perQueue(settings, (q) => q.trefMs),
    tlim: perQueue(settings, (q) => q.tlimMs),
    beta: perQueue(settings, (q) => q.beta),
  };
}

/**
 * Whether every threshold the call components compare waits with (service level, short abandon, Tref, Tlim, of the
 * defaults and of every queue) is a multiple of the wait histogram's step (5 s): then the hourly histogram (call_waits_hourly)
 * gives exactly the figures call_facts gives (components.ts AGG_SQL).
 */
/** The step of call_waits_hourly's wait keys (migration 011). */
export const AGG_WAIT_STEP_MS = 5000;

export function aggThresholdsExact(settings: TenantSettings): boolean {
  const all = [settings.defaults, ...Object.values(settings.queues).map((o) => ({ ...settings.defaults, ...o }))];
  return all.every((q) => [q.slThresholdMs, q.shortAbandonMs, q.trefMs, q.tlimMs].every((ms) => ms % AGG_WAIT_STEP_MS === 0));
}
