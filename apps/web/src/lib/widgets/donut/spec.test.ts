import { describe, expect, it } from 'vitest';
import { Widget, newWidget } from '@callboard/widgets';
import { getPath } from '../option-fields.ts';
import { fields } from './spec.ts';

describe('donut spec', () => {
  it('donut - agents by state needs no metric; fields match options', () => {
    const w = newWidget('donut', 'd');
    expect(w.options).toEqual({ source: 'agent-states', limit: 6 });
    expect(w.metrics).toEqual([]);
    for (const f of fields) expect(getPath(w.options, f.path), f.path).not.toBeUndefined();
  });
  it('donut - a metric donut needs exactly one metric', () => {
    const r = Widget.safeParse({ ...newWidget('donut', 'd'), options: { source: 'metric' } });
    expect(r.error?.issues[0].message).toBe('a donut of a metric needs exactly one metric');
  });
});
