import { describe, expect, it } from 'vitest';
import { bandOf, formatValue } from './index.ts';

describe('widgets - formatValue', () => {
  it.each([
    [null, 'count', {}, '—'],
    [1234, 'count', {}, '1,234'],
    [12345, 'count', { compact: true }, '12K'],
    [87.25, 'percent', {}, '87.3 %'],
    [87.25, 'percent', { decimals: 0 }, '87 %'],
    [75, 'seconds', {}, '1:15'],
    [3725, 'seconds', {}, '1:02:05'],
    [12.5, 'seconds', { decimals: 1 }, '12.5 s'],
    [Number.NaN, 'count', {}, '—'],
  ] as const)('widgets - %s %s %j → %s', (value, unit, format, out) => {
    expect(formatValue(value, unit, format)).toBe(out);
  });
});

describe('widgets - bandOf', () => {
  it.each([
    [90, { amber: 80, red: 60 }, true, 'good'],
    [70, { amber: 80, red: 60 }, true, 'warn'],
    [50, { amber: 80, red: 60 }, true, 'bad'],
    [10, { amber: 20, red: 40 }, false, 'good'],
    [30, { amber: 20, red: 40 }, false, 'warn'],
    [45, { amber: 20, red: 40 }, false, 'bad'],
    [45, { amber: 20, red: 40, higherIsBetter: true }, false, 'good'],
    [null, { amber: 20, red: 40 }, true, 'none'],
    [5, {}, true, 'none'],
  ] as const)('widgets - %s with %j (higher is better: %s) → %s', (v, t, hib, band) => {
    expect(bandOf(v, t, hib)).toBe(band);
  });
});
