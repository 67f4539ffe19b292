import { describe, expect, it } from 'vitest';
import { Widget, newWidget } from '../../index.ts';
import { bucketKeys, currentBucket, daysBetween } from './buckets.ts';

const line = Widget.parse({ ...newWidget('line', 'l'), metrics: ['offered', 'asa'] });

describe('line buckets', () => {
  it('history - days across a month end, and 24 hourly buckets a day', () => {
    expect(daysBetween('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(bucketKeys(line, '2026-11-25')).toHaveLength(24);
  });
  it('history - the current bucket is in the tenant timezone', () => {
    expect(currentBucket(line, Date.parse('2026-11-25T23:30:00Z'), 'Europe/Rome')).toBe('2026-11-26T00:00');
  });
});
