// Midnight of a calendar day in the call centre's timezone as epoch ms: date filters mean the centre's day, not the browser's.

function offsetAt(ms: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(ms);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000;
}

/** "2026-12-01" → the epoch ms when that day starts in `timezone` (UTC when the zone is unknown); null for a bad date. */
export function dayStart(day: string, timezone: string | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(wall)) return null;
  try {
    // :TRICKY: the offset at the wall-clock guess can differ from the one at the answer across a DST change: settle it twice.
    let at = wall - offsetAt(wall, timezone ?? 'UTC');
    at = wall - offsetAt(at, timezone ?? 'UTC');
    return at;
  } catch {
    return wall;
  }
}

/** The start of the day after `day` (an exclusive end for "to" filters). */
export function nextDayStart(day: string, timezone: string | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1)).toISOString().slice(0, 10);
  return dayStart(next, timezone);
}
