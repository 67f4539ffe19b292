/**
 * Times in the sentences the callbacks show people (refusals, e-mails): in the tenant's timezone, with
 * its abbreviation or, where the zone has none in English, its offset — "10:15 CET", "18:15 GMT+9".
 */
const formats = new Map<string, { time: Intl.DateTimeFormat; date: Intl.DateTimeFormat }>();

function formatsOf(timezone: string) {
  let f = formats.get(timezone);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }),
      date: new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    formats.set(timezone, f);
  }
  return f;
}

/** "HH:MM ZONE" of `ms` in `timezone` (IANA), e.g. "10:15 CET". */
export function zonedClock(ms: number, timezone = 'UTC'): string {
  return formatsOf(timezone).time.format(ms);
}

/** "YYYY-MM-DD HH:MM ZONE" of `ms` in `timezone` (IANA), e.g. "2026-01-05 10:15 CET". */
export function zonedDateTime(ms: number, timezone = 'UTC'): string {
  const f = formatsOf(timezone);
  return `${f.date.format(ms)} ${f.time.format(ms)}`;
}
