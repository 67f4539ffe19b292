import { describe, expect, it } from 'vitest';
import { newWidget, type Widget } from '@callboard/widgets';
import { fits, freeSpot, newId } from './placement.ts';
import { changeKind, validateDraft } from './draft.ts';

const at = (id: string, x: number, y: number, w: number, h: number): Widget => ({ ...newWidget('tile', id), layout: { x, y, w, h } });
const grid = { columns: 4, rows: 3 };

describe('editor placement', () => {
  it('placement - a move onto another widget or off the grid does not fit', () => {
    const ws = [at('a', 0, 0, 2, 2), at('b', 2, 0, 2, 2)];
    expect(fits(grid, ws, { x: 1, y: 0, w: 2, h: 2 }, 'b')).toBe(false);
    expect(fits(grid, ws, { x: 2, y: 1, w: 2, h: 2 }, 'b')).toBe(true);
    expect(fits(grid, ws, { x: 3, y: 0, w: 2, h: 1 }, 'b')).toBe(false);
  });
  it('placement - a new widget goes to the first free spot, shrunk if needed, or nowhere', () => {
    expect(freeSpot(grid, [at('a', 0, 0, 2, 2)], 2, 2)).toEqual({ x: 2, y: 0, w: 2, h: 2 });
    expect(freeSpot(grid, [at('a', 0, 0, 4, 2)], 2, 2)).toEqual({ x: 0, y: 2, w: 1, h: 1 });
    expect(freeSpot(grid, [at('a', 0, 0, 4, 3)], 1, 1)).toBeNull();
  });
  it('placement - ids are unique per board', () => {
    expect(newId([at('tile-1', 0, 0, 1, 1)], 'tile')).toBe('tile-2');
  });
});

describe('widget draft', () => {
  it('draft - issues name the field', () => {
    const r = validateDraft({ ...newWidget('tile', 't'), metrics: [] });
    expect(r.widget).toBeNull();
    expect(r.issues).toEqual(['metrics: a number tile shows 1 metric(s), not 0']);
  });
  it('draft - changing a tile into a line chart keeps its metric and switches to a window the chart accepts', () => {
    const w = changeKind({ ...newWidget('tile', 't'), metrics: ['answered'], layout: { x: 1, y: 1, w: 3, h: 2 } }, 'line');
    expect([w.kind, w.metrics, w.window.kind, w.groupBy, w.layout]).toEqual(['line', ['answered'], 'today', 'hour', { x: 1, y: 1, w: 3, h: 2 }]);
  });
});
