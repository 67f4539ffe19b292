import { describe, expect, it } from 'vitest';
import { getPath } from '../option-fields.ts';
import { fields, spec } from './spec.ts';

describe('gauge spec', () => {
  it('gauge - defaults to 0..100 with SLA-style bands; fields match options', () => {
    const o = spec.options.parse({});
    expect(o).toEqual({ min: 0, max: 100, thresholds: { amber: 80, red: 60, higherIsBetter: null } });
    for (const f of fields) expect(getPath(o, f.path), f.path).not.toBeUndefined();
  });
  it('gauge - refuses max ≤ min', () => {
    expect(spec.options.safeParse({ min: 50, max: 50 }).error?.issues[0].message).toBe('max must be greater than min');
  });
});
