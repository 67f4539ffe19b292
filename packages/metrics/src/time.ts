/** Day boundaries in a tenant's timezone; cached because every event asks. */
import { DateTime } from 'luxon';

export interface DayWindow {
  /** YYYY-MM-DD in the timezone. */
  day: string;
  /** Local midnight, epoch ms. */
  start: number;
  /** Next local midnight, epoch ms (23, 24 or 25 h later across DST). */
  end: number;
}

export function dayWindow(ts: number, timezone: string): DayWindow {
  const local = DateTime.fromMillis(ts, { zone: timezone });
  const start = local.startOf('day');
  return { day: start.toISODate() as string, start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}

/** Local date (YYYY-MM-DD) → its window. Throws on a malformed date. */
export function windowOfDay(day: string, timezone: string): DayWindow {
  const start = DateTime.fromISO(day, { zone: timezone }).startOf('day');
  if (!start.isValid) throw new RangeError(`invalid date ${JSON.stringify(day)}`);
  return { day: start.toISODate() as string, start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
}

/** A per-timezone cache of recent day windows: O(1) for timestamps in any of the last few days. */
export function createDayResolver(timezone: string): (ts: number) => DayWindow {
  const recent: DayWindow[] = [];
  return (ts) => {
    for (const w of recent) if (ts >= w.start && ts < w.end) return w;
    const w = dayWindow(ts, timezone);
    recent.unshift(w);
    if (recent.length > 8) recent.pop();
    return w;
  };
}
