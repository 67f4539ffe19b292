import { describe, expect, it } from 'vitest';
import { Widget, newWidget } from '@callboard/widgets';
import { getPath } from '../option-fields.ts';
import { fields, spec } from './spec.ts';

describe('tile spec', () => {
  it('tile - defaults parse and every builder field points at an option', () => {
    const w = newWidget('tile', 't');
    expect(spec.options.parse({})).toEqual({ thresholds: { amber: null, red: null, higherIsBetter: null }, caption: '' });
    for (const f of fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
  });
  it('tile - a caption longer than 80 characters is refused', () => {
    expect(Widget.safeParse({ ...newWidget('tile', 't'), options: { caption: 'x'.repeat(81) } }).success).toBe(false);
  });
});
