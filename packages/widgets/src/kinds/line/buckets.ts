/** A line chart's time buckets: every hour or day its window spans, and the current one in the tenant's timezone. Pure. */
import type { Bindings } from '../../widget-base.ts';

/** Calendar days from..to inclusive (YYYY-MM-DD strings; UTC arithmetic on dates only, so no timezone drift). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 800; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Every bucket key a line chart's window spans, so missing buckets show as 0 and the axis is stable. */
export function bucketKeys(w: Bindings, today: string): string[] {
  const [from, to] = w.window.kind === 'range' ? [w.window.from, w.window.to] : [today, today];
  const days = daysBetween(from, to);
  if (w.groupBy === 'day') return days;
  return days.flatMap((d) => Array.from({ length: 24 }, (_, h) => `${d}T${String(h).padStart(2, '0')}:00`));
}

/** The current bucket key in the tenant's timezone (buckets after it are not drawn). */
const hourFormats = new Map<string, Intl.DateTimeFormat>();

export function currentBucket(w: Bindings, now: number, timezone: string): string {
  let f = hourFormats.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    hourFormats.set(timezone, f);
  }
  const parts = f.formatToParts(new Date(now));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  return w.groupBy === 'day' ? day : `${day}T${get('hour')}:00`;
}
