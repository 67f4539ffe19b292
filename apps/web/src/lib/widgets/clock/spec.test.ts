import { describe, expect, it } from 'vitest';
import { newWidget } from '@callboard/widgets';
import { getPath } from '../option-fields.ts';
import { fields } from './spec.ts';

describe('clock spec', () => {
  it("clock - the tenant's timezone with the date by default; fields match options", () => {
    const w = newWidget('clock', 'c');
    expect(w.options).toEqual({ timezone: null, showDate: true, showSeconds: false });
    for (const f of fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
  });
});
