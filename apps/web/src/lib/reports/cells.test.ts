import { describe, expect, it } from 'vitest';
import { cellText, deltaText, hoursTwice, hourText, sortRows } from './cells';

describe('report cells', () => {
  it('cells - sort numbers and text, empty last', () => {
    const rows = [{ a: 2, b: 'x' }, { a: null, b: 'a' }, { a: 10, b: 'm' }];
    expect(sortRows(rows, 'a', 1).map((r) => r.a)).toEqual([2, 10, null]);
    expect(sortRows(rows, 'a', -1).map((r) => r.a)).toEqual([10, 2, null]);
    expect(sortRows(rows, 'b', 1).map((r) => r.b)).toEqual(['a', 'm', 'x']);
  });
  it('cells - text and change', () => {
    expect([cellText(null), cellText(12.5), cellText('2026-12-01')]).toEqual(['—', '12.5', '2026-12-01']);
    expect([deltaText(12, 10), deltaText(8.2, 10), deltaText(3, 3), deltaText(null, 3)]).toEqual(['+2', '−1.8', '±0', '']);
  });
  it('cells - hours read as local time, the two 02:00 of a DST day with their offsets', () => {
    const labels = ['2026-10-25T01:00+02:00', '2026-10-25T02:00+02:00', '2026-10-25T02:00+01:00', '2026-10-25T03:00+01:00'];
    const twice = hoursTwice(labels);
    expect(labels.map((l) => hourText(l, twice))).toEqual(['2026-10-25 01:00', '2026-10-25 02:00 (UTC+02:00)', '2026-10-25 02:00 (UTC+01:00)', '2026-10-25 03:00']);
  });
});
