import { describe, expect, it } from 'vitest';
import { dayStart, nextDayStart } from './zoned';

describe('zoned day starts', () => {
  it.each([
    { day: '2026-12-01', tz: 'Europe/Rome', want: '2026-11-30T23:00:00.000Z' },
    { day: '2026-07-01', tz: 'Europe/Rome', want: '2026-06-30T22:00:00.000Z' },
    { day: '2026-03-29', tz: 'Europe/Warsaw', want: '2026-03-28T23:00:00.000Z' },
    { day: '2026-10-25', tz: 'Europe/Bucharest', want: '2026-10-24T21:00:00.000Z' },
    { day: '2026-12-01', tz: 'America/New_York', want: '2026-12-01T05:00:00.000Z' },
    { day: '2026-12-01', tz: undefined, want: '2026-12-01T00:00:00.000Z' },
  ])('dayStart $day in $tz', ({ day, tz, want }) => {
    expect(new Date(dayStart(day, tz)!).toISOString()).toBe(want);
  });
  it('a bad date is null; the next day crosses a month', () => {
    expect(dayStart('1.12.2026', 'Europe/Rome')).toBeNull();
    expect(new Date(nextDayStart('2026-11-30', 'Europe/Rome')!).toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });
});
