// The missed-call dashboard's rows and series (seed 000): the counts' names, days filled in, and the tenant's "today".
import type { CallbackDashboard } from '@callboard/api';

type Counts = CallbackDashboard['totals'];
export type CountKey = Exclude<keyof Counts, 'open' | 'expired'>;

/** What each count is called on screen (seed 000's words). */
const LABELS: Record<keyof Counts, string> = {
  total: 'Total', servedInbound: 'Served inbound', handledByCallback: 'Handled by callback', forcedClose: 'Forced close',
  callbacksWithoutAnswer: 'Callbacks without answer', notHandled: 'Not handled', expired: 'Expired', open: 'Still open',
};
const columns = <K extends keyof Counts>(keys: readonly K[]) => keys.map((key) => ({ key, label: LABELS[key] }));

/** Seed 000's columns, in its order. */
export const COUNTS = columns<CountKey>(['total', 'servedInbound', 'handledByCallback', 'forcedClose', 'callbacksWithoutAnswer', 'notHandled']);

/** The daily backlog's columns: how requests of earlier days were closed on each day. */
export const BACKLOG = columns(['servedInbound', 'handledByCallback', 'forcedClose', 'expired', 'callbacksWithoutAnswer']);

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
