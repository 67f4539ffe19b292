import { describe, expect, it } from 'vitest';
import { Widget, newWidget } from '@callboard/widgets';
import { getPath } from '../option-fields.ts';
import { fields, spec } from './spec.ts';

describe('bar spec', () => {
  it('bar - groups by queue by default; fields match options', () => {
    const w = newWidget('bar', 'b');
    expect(w.groupBy).toBe('queue');
    for (const f of fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
    expect(spec.metrics.max).toBe(4);
  });
  it('bar - refuses time grouping and a limit above 50', () => {
    expect(Widget.safeParse({ ...newWidget('bar', 'b'), groupBy: 'hour' }).success).toBe(false);
    expect(spec.options.safeParse({ limit: 51 }).success).toBe(false);
  });
});
