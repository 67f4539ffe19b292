// Agents grid layout: as many columns and rows of cards as keep the text at least the minimum type size; agents that
// do not fit are counted on a "+N more" card rather than shrunk into unreadable ones. Pure, so it is tested by table.
import { itemsThatFit } from '../fit.ts';

/**
 * A card, in em of its font: name, state with time, current call (3 lines of 1.25) plus padding; and its width, which
 * holds a caller's number uncut ("+39 02 5550111": 14 characters at EM_PER_CHAR, plus 1.35 em of border and padding).
 */
export const CARD_EM = { w: 11, h: 4.3 } as const;
/** A card's left border (0.35 em) and side padding (0.5 em each), in em: the width its text lines do not get. */
export const CARD_PAD_EM = 1.35;

export interface AgentsLayout {
  cols: number;
  rows: number;
  /** Card font size, px (≥ minFont whenever one card fits at minFont). */
  font: number;
  /** Agent cards shown; `more` are counted on one extra card. */
  shown: number;
  more: number;
}

/** Lay `n` agents out in a `width` × `height` px cell with `gap` px between cards. */
export function agentsLayout(n: number, width: number, height: number, minFont: number, gap = 4): AgentsLayout {
  const maxFont = minFont * 1.6;
  const fontFor = (cols: number, rows: number) =>
    Math.min(maxFont, (width - gap * (cols - 1)) / cols / CARD_EM.w, (height - gap * (rows - 1)) / rows / CARD_EM.h);
  // Everyone at once, in the arrangement that gives the largest cards.
  let best = { cols: 1, rows: Math.max(1, n), font: 0 };
  for (let cols = 1; cols <= Math.max(1, n); cols++) {
    const rows = Math.ceil(Math.max(1, n) / cols);
    const font = fontFor(cols, rows);
    if (font > best.font) best = { cols, rows, font };
  }
  if (best.font >= minFont) return { ...best, shown: n, more: 0 };
  // Too many: the grid of minimum-size cards, one of them "+N more".
  const cols = Math.max(1, Math.floor((width + gap) / (minFont * CARD_EM.w + gap)));
  const rows = Math.max(1, Math.floor((height + gap) / (minFont * CARD_EM.h + gap)));
  const { shown, more } = itemsThatFit(n, cols * rows, 1);
  return { cols, rows, font: Math.max(minFont, Math.min(fontFor(cols, rows), maxFont)), shown, more };
}
