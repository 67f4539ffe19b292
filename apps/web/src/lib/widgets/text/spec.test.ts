import { describe, expect, it } from 'vitest';
import { newWidget } from '@callboard/widgets';
import { getPath } from '../option-fields.ts';
import { fields, spec } from './spec.ts';

describe('text spec', () => {
  it('text - medium centred text by default; fields match options', () => {
    const w = newWidget('text', 'x');
    for (const f of fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
    expect(w.kind === 'text' && w.options.align).toBe('center');
  });
  it('text - refuses more than 2000 characters', () => {
    expect(spec.options.safeParse({ text: 'x'.repeat(2001) }).success).toBe(false);
  });
});
