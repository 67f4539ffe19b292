/**
 * The window an event's `ts` must lie in (README "Reliability: bounds on incoming
 * events"). A static floor and ceiling, checked by the schema and the fast path, and a bound
 * relative to the engine's clock, checked where events enter (HTTP publisher, engine accept).
 */

/** Earliest accepted `ts`, epoch ms (2000-01-01T00:00:00Z): no contact centre reports on earlier calls; a 0 or a seconds-for-ms mistake lands before it. */
export const TS_FLOOR_MS = Date.UTC(2000, 0, 1);
/**
 * Latest accepted `ts`, epoch ms (2299-12-31T23:59:59.999Z): the end of ClickHouse's DateTime64
 * range. :NOTE: beyond it ClickHouse clamps silently, and from year 10000 on the text form no
 * longer parses and every insert of the batch fails.
 */
export const TS_CEILING_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);
/** Default of CALLBOARD_MAX_CLOCK_SKEW_SECONDS: how far ahead of the engine's clock a PBX clock may run. */
export const DEFAULT_MAX_SKEW_MS = 300_000;

const iso = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms));

/** Why `ts` (epoch ms) lies outside the static window, or null when inside. */
export function tsStaticViolation(ts: number): string | null {
  if (!Number.isFinite(ts)) return `${String(ts)} is not a valid timestamp`;
  if (ts < TS_FLOOR_MS) return `${iso(ts)} is before the floor ${iso(TS_FLOOR_MS)}`;
  if (ts > TS_CEILING_MS) return `${iso(ts)} is after the ceiling ${iso(TS_CEILING_MS)} (end of ClickHouse DateTime64)`;
  return null;
}

/** The engine's clock and how far ahead of it an event may be. */
export interface ClockBound {
  /** The engine's wall clock, epoch ms. */
  now: number;
  /** How far `ts` may lie ahead of `now`, ms. */
  maxSkewMs: number;
}

/** The dead-letter reason when `ts` is too far ahead of the engine's clock, or null. */
export function tsAheadViolation(ts: number, clock: ClockBound): string | null {
  if (ts <= clock.now + clock.maxSkewMs) return null;
  return `ts: ${iso(ts)} is more than ${Math.round(clock.maxSkewMs / 1000)} s ahead of the engine clock (${iso(clock.now)})`;
}
