import { describe, expect, it } from 'vitest';
import { EM_PER_CHAR } from '../fit.ts';
import { ARC, atLeastPx, valueFont } from './geometry.ts';

describe('gauge geometry', () => {
  it.each([
    // value text → font (user units) that keeps it inside the ring
    ['100.0 %', 27.1],
    ['96.2 %', 31.3],
    ['42', 40], // short values stop at the cap
    ['1:30', 40],
    ['12,345', 31.3],
  ])('gauge - "%s" fits at %s', (text, font) => {
    const f = valueFont(text.length);
    expect(f).toBeCloseTo(font, 1);
    // The box's corner stays inside the inner radius.
    expect(Math.hypot((text.length * EM_PER_CHAR * f) / 2, f / 2)).toBeLessThan(ARC.inner);
  });

  it.each([
    [24, 1.9, 14], // a roomy gauge at 1080p: the default 14 units already render at 26.6 px
    [24, 1.15, 20.9], // a small gauge: larger units, so 24 px on screen
    [48, 2.3, 20.9], // the same at 4K
  ])('gauge - %s px at %s px per unit is %s units', (px, scale, units) => {
    expect(atLeastPx(px, scale)).toBeCloseTo(units, 1);
  });
});
