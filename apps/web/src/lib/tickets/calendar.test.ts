import { describe, expect, it } from 'vitest';
import { byDay, daysOf, moved, step } from './calendar';
import type { TicketItem } from '@callboard/api';

const t = (id: string, start: string, end: string) => ({ id, scheduledStart: Date.parse(start), scheduledEnd: Date.parse(end) }) as TicketItem;

describe('ticket calendar', () => {
  it.each([
    ['day', '2026-12-02', ['2026-12-02']],
    ['week', '2026-12-02', ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']],
  ] as const)('calendar - %s of %s', (view, anchor, want) => expect(daysOf(view, anchor)).toEqual(want));

  it('calendar - a month is whole weeks, Monday first, covering every day of it', () => {
    const days = daysOf('month', '2026-12-15');
    expect(days[0]).toBe('2026-11-30');
    expect(days.at(-1)).toBe('2027-01-03');
    expect(days.length % 7).toBe(0);
    expect(step('month', '2026-12-15', 1)).toBe('2027-01-01');
    expect(step('week', '2026-12-15', -1)).toBe('2026-12-08');
  });

  it('calendar - work over two days shows on both, in the centre timezone', () => {
    const m = byDay([t('A', '2026-12-02T20:00:00Z', '2026-12-03T01:00:00Z')], daysOf('week', '2026-12-02'), 'Europe/Bucharest');
    expect(m.get('2026-12-02')!.map((x) => x.id)).toEqual(['A']);
    expect(m.get('2026-12-03')!.map((x) => x.id)).toEqual(['A']);
    expect(m.get('2026-12-04')).toEqual([]);
  });

  it('calendar - dropping keeps the time of day and the duration; the day view sets the hour', () => {
    const x = t('A', '2026-12-01T08:00:00Z', '2026-12-01T10:00:00Z');
    expect(moved(x, '2026-12-04', 'UTC')).toEqual({ scheduledStart: Date.parse('2026-12-04T08:00:00Z'), scheduledEnd: Date.parse('2026-12-04T10:00:00Z') });
    expect(moved(x, '2026-12-04', 'Europe/Rome', 14)).toEqual({ scheduledStart: Date.parse('2026-12-04T13:00:00Z'), scheduledEnd: Date.parse('2026-12-04T15:00:00Z') });
  });
});
