import { describe, expect, it } from 'vitest';
import { newWidget } from '@callboard/widgets';
import { getPath } from '../option-fields.ts';
import { fields, spec } from './spec.ts';

describe('waiting spec', () => {
  it('waiting - eight rows, amber at 20 s, red at 60 s; fields match options', () => {
    const w = newWidget('waiting', 'w');
    expect(w.options).toEqual({ limit: 8, amberAfterSeconds: 20, redAfterSeconds: 60 });
    for (const f of fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
  });
  it('waiting - binds no metrics', () => {
    expect(spec.metrics).toEqual({ min: 0, max: 0 });
  });
});
