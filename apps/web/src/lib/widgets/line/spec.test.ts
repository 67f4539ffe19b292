import { describe, expect, it } from 'vitest';
import { Widget, newWidget } from '@callboard/widgets';
import { getPath } from '../option-fields.ts';
import { fields, spec } from './spec.ts';

describe('line spec', () => {
  it('line - groups by hour over today by default; fields match options', () => {
    const w = newWidget('line', 'l');
    expect([w.groupBy, w.window.kind]).toEqual(['hour', 'today']);
    for (const f of fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
    expect(spec.windows).not.toContain('live');
  });
  it('line - a day-grouped date range is accepted, a queue grouping is not', () => {
    const w = newWidget('line', 'l');
    expect(Widget.safeParse({ ...w, groupBy: 'day', window: { kind: 'range', from: '2026-11-01', to: '2026-11-25' } }).success).toBe(true);
    expect(Widget.safeParse({ ...w, groupBy: 'queue' }).success).toBe(false);
  });
});
