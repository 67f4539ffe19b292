/** A line chart's time buckets: every hour or day its window spans, and the current one in the tenant's timezone. Pure. */
import type { Bindings } from '../../widget-base.ts';

/** Calendar days from..to inclusive (YYYY-MM-DD strings; UTC arithmetic on dates only, so no timezone drift). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 800; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The key of the local hour holding `ms`, as the history API labels it: `2026-10-25T02:00+02:00`.
 * :TRICKY: the offset tells apart the two 02:00 hours of an autumn DST change; a day has 23, 24 or 25 hours.
 */
export function hourKey(ms: number, timezone: string): string {
  let f = hourFormats.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
    });
    hourFormats.set(timezone, f);
  }
  const parts = f.formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  const offset = get('timeZoneName').replace('GMT', '') || '+00:00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:00${offset}`;
}

/** Every local hour of the days from..to (YYYY-MM-DD), in order: 23 or 25 on DST change days. */
export function hoursOfDays(from: string, to: string, timezone: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  // :NOTE: every UTC offset in use is a multiple of 15 minutes, so 15-minute steps meet every local hour.
  const end = Date.parse(`${to}T00:00:00Z`) + 38 * 3600_000;
  for (let t = Date.parse(`${from}T00:00:00Z`) - 15 * 3600_000; t < end; t += 900_000) {
    const k = hourKey(t, timezone);
    const day = k.slice(0, 10);
    if (day < from || day > to || seen.has(k)) continue;
    seen.add(k);
    out.push(k);
  }
  return out;
}

/** Every bucket key a line chart's window spans, so missing buckets show as 0 and the axis is stable. */
export function bucketKeys(w: Bindings, today: string, timezone: string): string[] {
  const [from, to] = w.window.kind === 'range' ? [w.window.from, w.window.to] : [today, today];
  return w.groupBy === 'day' ? daysBetween(from, to) : hoursOfDays(from, to, timezone);
}

/** The current bucket key in the tenant's timezone (buckets after it are not drawn). */
export function currentBucket(w: Bindings, now: number, timezone: string): string {
  const key = hourKey(now, timezone);
  return w.groupBy === 'day' ? key.slice(0, 10) : key;
}

/** Whether bucket `key` comes after bucket `last` (hour keys compare by instant: their offsets differ across a DST change). */
export function bucketAfter(key: string, last: string): boolean {
  return key.length > 10 ? Date.parse(key) > Date.parse(last) : key > last;
}
