/**
 * The one way the web app writes a date and time: "30 Nov 2026, 22:33" (day month year, 24-hour clock), in the
 * call centre's timezone (not the browser's: a supervisor abroad sees the centre's day), the same on every screen.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timezone: string | undefined, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timezone ?? ''}|${seconds}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      ...(seconds ? { second: '2-digit' } : {}),
    };
    try {
      f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: timezone });
    } catch {
      // :NOTE: an unknown zone (a stale setting) must not break a page: fall back to UTC, say so in the text.
      f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC', timeZoneName: 'short' });
    }
    formats.set(key, f);
  }
  return f;
}

/** Epoch ms (or an ISO string) as "30 Nov 2026, 22:33" in `timezone`; "—" for a missing or invalid time. */
export function formatDateTime(at: number | string | null | undefined, timezone: string | undefined, opts: { seconds?: boolean } = {}): string {
  if (at === null || at === undefined) return '—';
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return '—';
  return format(timezone, opts.seconds ?? false).format(ms);
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A calendar day of the call centre ("2026-11-30", already its day) as "30 Nov 2026"; the string itself if it is not one. */
export function formatDay(day: string): string {
  const ms = /^\d{4}-\d\d-\d\d$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  return Number.isFinite(ms) ? dayFormat.format(ms) : day;
}
