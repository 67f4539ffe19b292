/** Callback settings of a tenant (booking timeout, retention, attempts, eligible operators, default country), with defaults. */
import { z } from 'zod';

export const CallbackSettings = z.object({
  /** ISO 3166-1 alpha-2 country of national numbers without a prefix (e.g. IT, PL). */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'two capital letters (ISO 3166-1), e.g. IT').default('IT'),
  /** A booking not worked for this long returns the request to the pool, ms. */
  bookingTimeoutMs: z.number().int().min(60_000).max(24 * 3600_000).default(15 * 60_000),
  /** An open request whose last missed call is older than this closes as expired, days. */
  retentionDays: z.number().int().min(1).max(365).default(7),
  /** Call attempts (SMS excluded) allowed per request and cycle. */
  maxAttempts: z.number().int().min(1).max(100).default(5),
  /** Least time between two call attempts on one request, ms (SMS excluded). */
  minAttemptDelayMs: z.number().int().min(0).max(24 * 3600_000).default(10 * 60_000),
  /** A closed request stays listed (view closed) this long, then only its history remains (ClickHouse), days. */
  closedKeptDays: z.number().int().min(1).max(365).default(30),
  /** User ids who may be assigned requests; empty: every user with a VoIP extension (seed 000). */
  eligibleUsers: z.array(z.string().min(1).max(64)).max(1000).default([]),
});
export type CallbackSettings = z.infer<typeof CallbackSettings>;

export const DEFAULT_CALLBACK_SETTINGS: CallbackSettings = CallbackSettings.parse({});

/** The effective callback settings: stored ones (possibly partial or absent) over the defaults. */
export function callbackSettings(stored: Partial<CallbackSettings> | undefined): CallbackSettings {
  return { ...DEFAULT_CALLBACK_SETTINGS, ...(stored ?? {}) };
}
