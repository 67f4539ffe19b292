import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay } from './date-time';

const at = Date.parse('2026-11-30T22:33:52.120Z');

describe('formatDateTime', () => {
  it.each([
    { timezone: 'Europe/Rome', seconds: false, want: '30 Nov 2026, 23:33' },
    { timezone: 'UTC', seconds: false, want: '30 Nov 2026, 22:33' },
    { timezone: 'America/New_York', seconds: false, want: '30 Nov 2026, 17:33' },
    { timezone: 'Asia/Tokyo', seconds: true, want: '1 Dec 2026, 07:33:52' },
  ])('$timezone → $want', ({ timezone, seconds, want }) => {
    expect(formatDateTime(at, timezone, { seconds })).toBe(want);
  });

  it.each([[null], [undefined], ['not a date'], [Number.NaN]])('%s → —', (v) => {
    expect(formatDateTime(v as number | null, 'UTC')).toBe('—');
  });

  it('an unknown zone falls back to UTC and says so', () => {
    expect(formatDateTime(at, 'Mars/Olympus')).toBe('30 Nov 2026, 22:33 UTC');
  });

  it('takes ISO strings', () => {
    expect(formatDateTime('2026-11-30T22:33:52Z', 'UTC')).toBe('30 Nov 2026, 22:33');
  });
});

describe('formatDay', () => {
  it('writes a centre day as the rest of the app writes dates, whatever the browser\'s zone', () => {
    expect(formatDay('2026-11-30')).toBe('30 Nov 2026');
    expect(formatDay('2026-01-01')).toBe('1 Jan 2026');
    expect(formatDay('not a day')).toBe('not a day');
  });
});
