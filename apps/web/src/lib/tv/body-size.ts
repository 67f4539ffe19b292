// Where a TV's widgets will be, before anything is measured: a widget body's size on a screen, from the board's grid and
// TvScreen's and WidgetFrame's CSS. Widgets that lay out by their size (the agents grid) start from it, so the first
// render (on the server, in the page's HTML) is already the one the screen keeps.
import type { Widget } from '@callboard/widgets';

/** TvScreen's and WidgetFrame's spacing, in vmin (their CSS), and the title line's height in ems of its font. */
const PAD_Y = 1.2, PAD_X = 1.5, HEADER = 2.4, HEADER_GAP = 0.8, BOARD_GAP = 1, FRAME_PAD_Y = 1, FRAME_PAD_X = 1.3, TITLE = 2.4;
const LINE = 1.4, TITLE_MARGIN = 0.3, BORDER_PX = 1;

/** The body of a widget at `layout` on a `columns` × `rows` board filling a `width` × `height` px TV screen, px. */
export function tvBodySize(width: number, height: number, columns: number, rows: number, layout: Widget['layout'], titled: boolean): { width: number; height: number } {
  const vmin = Math.min(width, height) / 100;
  const boardW = width - 2 * PAD_X * vmin;
  const boardH = height - 2 * PAD_Y * vmin - HEADER * vmin * LINE - HEADER_GAP * vmin;
  const gap = BOARD_GAP * vmin;
  const cell = (total: number, n: number, span: number) => ((total - gap * (n - 1)) / n) * span + gap * (span - 1);
  const title = titled ? TITLE * vmin * (LINE + TITLE_MARGIN) : 0;
  return {
    width: Math.max(0, Math.floor(cell(boardW, columns, layout.w) - 2 * (FRAME_PAD_X * vmin + BORDER_PX))),
    height: Math.max(0, Math.floor(cell(boardH, rows, layout.h) - 2 * (FRAME_PAD_Y * vmin + BORDER_PX) - title)),
  };
}
