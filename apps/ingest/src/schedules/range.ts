/** The local days a scheduled report covers, from the time of its run in the call centre's timezone. */
import { DateTime } from 'luxon';
import type { ScheduleRange } from '@callboard/api';

export function scheduleDays(range: ScheduleRange, slot: number, timezone: string): { from: string; to: string } {
  const today = DateTime.fromMillis(slot, { zone: timezone }).startOf('day');
  const iso = (d: DateTime) => d.toISODate() as string;
  switch (range) {
    case 'yesterday': {
      const y = today.minus({ days: 1 });
      return { from: iso(y), to: iso(y) };
    }
    case 'last_week': {
      // ISO weeks: Monday to Sunday.
      const monday = today.startOf('week').minus({ weeks: 1 });
      return { from: iso(monday), to: iso(monday.plus({ days: 6 })) };
    }
    case 'last_month': {
      const first = today.startOf('month').minus({ months: 1 });
      return { from: iso(first), to: iso(first.endOf('month')) };
    }
  }
}
