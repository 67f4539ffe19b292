// The missed-call dashboard's rows and series (seed 000): the counts' names, days filled in, and the tenant's "today".
import type { CallbackDashboard } from '@callboard/api';

type Counts = CallbackDashboard['totals'];
export type CountKey = Exclude<keyof Counts, 'open' | 'expired'>;

/** Seed 000's columns, in its order. */
export const COUNTS: { key: CountKey; label: string }[] = [
  { key: 'total', label: 'Total' },
  { key: 'servedInbound', label: 'Served inbound' },
  { key: 'handledByCallback', label: 'Handled by callback' },
  { key: 'forcedClose', label: 'Forced close' },
  { key: 'callbacksWithoutAnswer', label: 'Callbacks without answer' },
  { key: 'notHandled', label: 'Not handled' },
];

export type DayRow = CallbackDashboard['days'][number];

const zero = (day: string): DayRow => ({ day, total: 0, servedInbound: 0, handledByCallback: 0, callbacksWithoutAnswer: 0, notHandled: 0, forcedClose: 0, expired: 0, open: 0 });

/** Every day from..to (inclusive), with the server's rows where it has them and zeros elsewhere, so a trend has no gaps. */
export function fillDays(from: string, to: string, days: DayRow[]): DayRow[] {
  const known = new Map(days.map((d) => [d.day, d]));
  const out: DayRow[] = [];
  // :NOTE: calendar arithmetic in UTC on purpose: these are day labels, not instants.
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && out.length < 1000; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(known.get(day) ?? zero(day));
  }
  return out;
}

/** "Today" in the call centre's timezone, YYYY-MM-DD. */
export function todayIn(timezone: string | undefined, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** The day `n` days before `day` (YYYY-MM-DD). */
export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}
