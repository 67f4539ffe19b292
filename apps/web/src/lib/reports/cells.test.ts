import { describe, expect, it } from 'vitest';
import { cellText, deltaText, sortRows } from './cells';

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
});
