import { describe, expect, it } from 'vitest';
import { daysBefore, fillDays, todayIn } from './dashboard';

describe('callback dashboard rows', () => {
  it('fillDays - every day of the range, the server\'s rows kept, zeros between', () => {
    const row = { day: '2026-11-29', total: 3, servedInbound: 1, handledByCallback: 1, callbacksWithoutAnswer: 0, notHandled: 1, forcedClose: 0, expired: 0, open: 1 };
    const out = fillDays('2026-11-28', '2026-12-01', [row]);
    expect(out.map((d) => d.day)).toEqual(['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
    expect(out[1]).toBe(row);
    expect(out[2].total).toBe(0);
  });
  it.each([
    { tz: 'Europe/Rome', at: '2026-11-30T23:30:00Z', want: '2026-12-01' },
    { tz: 'America/New_York', at: '2026-12-01T03:00:00Z', want: '2026-11-30' },
    { tz: 'Bad/Zone', at: '2026-12-01T03:00:00Z', want: '2026-12-01' },
  ])('todayIn $tz at $at → $want', ({ tz, at, want }) => expect(todayIn(tz, Date.parse(at))).toBe(want));
  it('daysBefore crosses months', () => expect(daysBefore('2026-12-01', 6)).toBe('2026-11-25'));
});
