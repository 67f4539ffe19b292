// A report's date range: the quick ranges (today, yesterday, this week, last 7 / 30 days, this month, last month) as days in the tenant's timezone.
import { todayIn } from '$lib/callbacks/dashboard';

export const QUICK_RANGES = [
  { id: 'today', label: 'Today' },
  { id: 'yesterday', label: 'Yesterday' },
  { id: 'this-week', label: 'This week' },
  { id: 'last-7', label: 'Last 7 days' },
  { id: 'last-30', label: 'Last 30 days' },
  { id: 'this-month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: 'custom', label: 'Custom' },
] as const;
export type QuickRange = (typeof QUICK_RANGES)[number]['id'];

// :NOTE: calendar arithmetic on YYYY-MM-DD labels in UTC on purpose: these are the tenant's days, not instants.
const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/** The days a quick range covers, inclusive, in the timezone `tz` at `now`; weeks start on Monday. */
export function rangeOf(id: Exclude<QuickRange, 'custom'>, tz: string | undefined, now = Date.now()): { from: string; to: string } {
  const today = todayIn(tz, now);
  switch (id) {
    case 'today': return { from: today, to: today };
    case 'yesterday': return { from: shift(today, -1), to: shift(today, -1) };
    case 'this-week': return { from: shift(today, -weekday(today)), to: today };
    case 'last-7': return { from: shift(today, -6), to: today };
    case 'last-30': return { from: shift(today, -29), to: today };
    case 'this-month': return { from: monthStart(today), to: today };
    case 'last-month': {
      const end = shift(monthStart(today), -1);
      return { from: monthStart(end), to: end };
    }
  }
}

/** Whether the range holds the tenant's today (the page then says how today is counted). */
export const includesToday = (r: { from: string; to: string }, tz: string | undefined, now = Date.now()) => r.from <= todayIn(tz, now) && todayIn(tz, now) <= r.to;
