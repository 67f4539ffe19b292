/** Wall-clock arithmetic in the tenant's timezone, cached so the hot loop never calls luxon per event. */
import { DateTime } from 'luxon';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface LocalClock {
  readonly timezone: string;
  /** Local time of day in hours, [0, 24). */
  hourOf(ms: number): number;
  /** ISO weekday of the local date: 1 = Monday … 7 = Sunday. */
  weekdayOf(ms: number): number;
  /** Epoch ms of the local midnight that starts the day containing `ms`. */
  dayStart(ms: number): number;
  /** Epoch ms of the next local midnight after `ms`'s day start (23 or 25 hours later on DST days). */
  nextDayStart(ms: number): number;
  /** Epoch ms of the wall time `minutes` after local midnight of the day starting at `dayStartMs` (≥ 1440 spills into the next day). */
  wallTime(dayStartMs: number, minutes: number): number;
  /** Epoch ms of local midnight of a YYYY-MM-DD date. */
  dateStart(date: string): number;
}

export class InvalidTimezoneError extends Error {
  readonly code = 'INVALID_TIMEZONE';
  constructor(timezone: string) {
    super(`unknown IANA timezone ${JSON.stringify(timezone)}`);
    this.name = 'InvalidTimezoneError';
  }
}

export function createLocalClock(timezone: string): LocalClock {
  if (!DateTime.local().setZone(timezone).isValid) throw new InvalidTimezoneError(timezone);
  // :NOTE: UTC offsets only change on whole UTC hours in the zones we care about, so one lookup per hour suffices.
  const offsets = new Map<number, number>();
  const offsetMs = (ms: number): number => {
    const key = Math.floor(ms / HOUR);
    let off = offsets.get(key);
    if (off === undefined) {
      if (offsets.size > 10_000) offsets.clear();
      off = DateTime.fromMillis(key * HOUR, { zone: timezone }).offset * 60_000;
      offsets.set(key, off);
    }
    return off;
  };
  const dayStart = (ms: number): number => DateTime.fromMillis(ms, { zone: timezone }).startOf('day').toMillis();
  return {
    timezone,
    hourOf: (ms) => (((ms + offsetMs(ms)) % DAY) + DAY) % DAY / HOUR,
    weekdayOf: (ms) => ((((Math.floor((ms + offsetMs(ms)) / DAY) + 3) % 7) + 7) % 7) + 1,
    dayStart,
    nextDayStart: (ms) => DateTime.fromMillis(dayStart(ms), { zone: timezone }).plus({ days: 1 }).toMillis(),
    wallTime: (dayStartMs, minutes) => {
      // Local wall time → UTC through the cached offsets; on a DST day, times after the switch shift by the offset change.
      const guess = dayStartMs + Math.round(minutes * 60_000);
      return guess + offsetMs(dayStartMs) - offsetMs(guess);
    },
    dateStart: (date) => {
      const dt = DateTime.fromISO(date, { zone: timezone });
      if (!dt.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
      return dt.startOf('day').toMillis();
    },
  };
}
