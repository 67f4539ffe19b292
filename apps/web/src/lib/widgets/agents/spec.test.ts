import { describe, expect, it } from 'vitest';
import { Widget, newWidget } from '@callboard/widgets';
import { getPath } from '../option-fields.ts';
import { fields } from './spec.ts';

describe('agents spec', () => {
  it('agents - sorted by state, logged-out hidden by default; fields match options', () => {
    const w = newWidget('agents', 'a');
    expect(w.options).toEqual({ sort: 'state', showLoggedOut: false, warnAfterSeconds: 300 });
    for (const f of fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
  });
  it('agents - only the live window makes sense', () => {
    expect(Widget.safeParse({ ...newWidget('agents', 'a'), window: { kind: 'today' } }).success).toBe(false);
  });
});
