import { describe, expect, it } from 'vitest';
import { Widget, newWidget } from '../../index.ts';
import { bucketAfter, bucketKeys, currentBucket, daysBetween } from './buckets.ts';

const line = Widget.parse({ ...newWidget('line', 'l'), metrics: ['offered', 'asa'] });

describe('line buckets', () => {
  it('history - days across a month end, and 24 hourly buckets a day', () => {
    expect(daysBetween('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(bucketKeys(line, '2026-11-25', 'Europe/Rome')).toHaveLength(24);
  });
  it.each([
    { day: '2026-03-29', tz: 'Europe/Rome', hours: 23, at: [1, '2026-03-29T01:00+01:00'], next: '2026-03-29T03:00+02:00' },
    { day: '2026-10-25', tz: 'Europe/Rome', hours: 25, at: [2, '2026-10-25T02:00+02:00'], next: '2026-10-25T02:00+01:00' },
    { day: '2026-06-01', tz: 'Asia/Kolkata', hours: 24, at: [0, '2026-06-01T00:00+05:30'], next: '2026-06-01T01:00+05:30' },
    { day: '2026-06-01', tz: 'UTC', hours: 24, at: [23, '2026-06-01T23:00+00:00'], next: undefined },
  ])('history - $day in $tz has $hours hourly buckets, labelled with their offset', ({ day, tz, hours, at, next }) => {
    const keys = bucketKeys(line, day, tz);
    expect(keys).toHaveLength(hours);
    const [i, key] = at as [number, string];
    expect(keys[i]).toBe(key);
    expect(keys[i + 1]).toBe(next);
    expect(new Set(keys).size).toBe(hours);
  });
  it('history - the current bucket is in the tenant timezone', () => {
    expect(currentBucket(line, Date.parse('2026-11-25T23:30:00Z'), 'Europe/Rome')).toBe('2026-11-26T00:00+01:00');
    expect(bucketAfter('2026-10-25T02:00+01:00', '2026-10-25T02:00+02:00')).toBe(true);
  });
});
