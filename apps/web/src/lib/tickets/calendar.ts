// The calendar of scheduled work (seed 003 "Programari"): the days a day / week / month view shows, which tickets fall on each
// day, and where a ticket dropped on another day or hour moves to (its duration kept).
import type { TicketItem } from '@callboard/api';
import { dayStart } from '$lib/callbacks/zoned';
import { dayOf } from './words';

export type CalendarView = 'day' | 'week' | 'month';

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0

/** The days shown: the day; Monday..Sunday of its week; whole weeks covering its month. */
export function daysOf(view: CalendarView, anchor: string): string[] {
  if (view === 'day') return [anchor];
  if (view === 'week') {
    const monday = addDays(anchor, -weekday(anchor));
    return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  }
  const first = `${anchor.slice(0, 8)}01`;
  const start = addDays(first, -weekday(first));
  const days: string[] = [];
  for (let d = start; d.slice(0, 7) <= anchor.slice(0, 7) || weekday(d) !== 0; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The anchor one view earlier or later. */
export function step(view: CalendarView, anchor: string, dir: 1 | -1): string {
  if (view === 'day') return addDays(anchor, dir);
  if (view === 'week') return addDays(anchor, 7 * dir);
  const [y, m] = anchor.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + dir, 1));
  return d.toISOString().slice(0, 10);
}

/** Tickets by each day their scheduled work covers (a job over two days shows on both). */
export function byDay(rows: TicketItem[], days: string[], tz: string | undefined): Map<string, TicketItem[]> {
  const out = new Map(days.map((d) => [d, [] as TicketItem[]]));
  for (const t of rows) {
    if (t.scheduledStart === null || t.scheduledEnd === null) continue;
    const first = dayOf(t.scheduledStart, tz);
    const last = dayOf(t.scheduledEnd - 1, tz);
    for (const d of days) if (d >= first && d <= last) out.get(d)!.push(t);
  }
  for (const list of out.values()) list.sort((a, b) => a.scheduledStart! - b.scheduledStart!);
  return out;
}

/**
 * The new schedule of a ticket dropped on `day` (and, in the day view, at `hour`): the same time of day on the new
 * day (or that hour), its duration kept.
 */
export function moved(t: Pick<TicketItem, 'scheduledStart' | 'scheduledEnd'>, day: string, tz: string | undefined, hour?: number): { scheduledStart: number; scheduledEnd: number } | null {
  if (t.scheduledStart === null || t.scheduledEnd === null) return null;
  const oldDay = dayStart(dayOf(t.scheduledStart, tz), tz);
  const newDay = dayStart(day, tz);
  if (oldDay === null || newDay === null) return null;
  const start = hour === undefined ? newDay + (t.scheduledStart - oldDay) : newDay + hour * 3600_000;
  return { scheduledStart: start, scheduledEnd: start + (t.scheduledEnd - t.scheduledStart) };
}

/** The window the view covers, epoch ms [from, to), for the list's scheduled filter. */
export function windowOf(days: string[], tz: string | undefined): { from: number; to: number } {
  return { from: dayStart(days[0], tz) ?? 0, to: dayStart(addDays(days.at(-1)!, 1), tz) ?? 0 };
}

/** A datetime-local value ("2026-12-01T09:30") read as the call centre's wall clock, epoch ms; null when empty or bad. */
export function fromLocalInput(value: string, tz: string | undefined): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const day = dayStart(m[1], tz);
  return day === null ? null : day + Number(m[2]) * 3600_000 + Number(m[3]) * 60_000;
}

/** Epoch ms as a datetime-local value in the call centre's timezone. */
export function toLocalInput(ms: number | null, tz: string | undefined): string {
  if (ms === null) return '';
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const v = (t: string) => p.find((x) => x.type === t)?.value ?? '00';
  return `${v('year')}-${v('month')}-${v('day')}T${v('hour')}:${v('minute')}`;
}
