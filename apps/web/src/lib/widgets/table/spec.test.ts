import { describe, expect, it } from 'vitest';
import { newWidget } from '@callboard/widgets';
import { getPath } from '../option-fields.ts';
import { fields, spec } from './spec.ts';

describe('table spec', () => {
  it('table - a leaderboard of agents by default; fields match options', () => {
    const w = newWidget('table', 't');
    expect([w.groupBy, w.metrics]).toEqual(['agent', ['answered', 'aht']]);
    for (const f of fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
  });
  it('table - refuses a sort column beyond six metrics', () => {
    expect(spec.options.safeParse({ sortBy: 6 }).success).toBe(false);
  });
});
