// Grid placement for the editor: free cells, first free spot for a new widget, and whether a move/resize fits. Pure.
import type { Layout, Widget } from '@callboard/widgets';

export interface Grid { columns: number; rows: number }

const overlaps = (a: Layout, b: Layout) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** True if `l` lies inside the grid and overlaps no widget except `ignore`. */
export function fits(grid: Grid, widgets: Widget[], l: Layout, ignore?: string): boolean {
  if (l.x < 0 || l.y < 0 || l.w < 1 || l.h < 1 || l.x + l.w > grid.columns || l.y + l.h > grid.rows) return false;
  return widgets.every((w) => w.id === ignore || !overlaps(w.layout, l));
}

/** The first free spot (row by row) for a w×h widget, shrinking it down to 1×1 if needed; null if the grid is full. */
export function freeSpot(grid: Grid, widgets: Widget[], w: number, h: number): Layout | null {
  for (let size = 0; ; size++) {
    const ww = Math.max(1, w - size);
    const hh = Math.max(1, h - size);
    for (let y = 0; y + hh <= grid.rows; y++) {
      for (let x = 0; x + ww <= grid.columns; x++) {
        const l = { x, y, w: ww, h: hh };
        if (fits(grid, widgets, l)) return l;
      }
    }
    if (ww === 1 && hh === 1) return null;
  }
}

/** A new widget id not used on the board. */
export function newId(widgets: Widget[], kind: string): string {
  for (let i = 1; ; i++) {
    const id = `${kind}-${i}`;
    if (!widgets.some((w) => w.id === id)) return id;
  }
}
