// Table columns that fit their cell: a column is as wide as its widest value or the longest word of its header
// (headers wrap at spaces), the name column takes what is left (cut with an ellipsis and a title, never a number),
// and metric columns that do not fit are dropped from the right, the ranked-by column last. Pure, tested by table.
import { textWidth } from '../fit.ts';

export interface ColumnNeed {
  label: string;
  /** Characters of the widest formatted value in the column ("100.0 %" = 7). */
  valueChars: number;
}

export interface TablePlan {
  /** Indexes of the metric columns shown, in order. */
  shown: number[];
  /** Width left for the name column, px. */
  keyWidth: number;
}

/** Cell padding, em (0.4 on each side). */
const PAD_EM = 0.8;
/** The name column keeps at least this many characters before metric columns are dropped. */
const KEY_MIN_CHARS = 8;

const longestWord = (s: string) => Math.max(0, ...s.split(/\s+/).map((w) => w.length));

export function columnWidth(c: ColumnNeed, font: number, headFont: number): number {
  return Math.max(textWidth(c.valueChars, font), textWidth(longestWord(c.label), headFont)) + PAD_EM * font;
}

export function planColumns(cols: ColumnNeed[], o: { width: number; font: number; headFont: number; rankChars: number; keep: number }): TablePlan {
  const fixed = (o.rankChars ? textWidth(o.rankChars, o.font) + PAD_EM * o.font : 0) + textWidth(KEY_MIN_CHARS, o.font) + PAD_EM * o.font;
  const shown = cols.map((_, i) => i);
  const used = () => shown.reduce((s, i) => s + columnWidth(cols[i], o.font, o.headFont), 0);
  while (shown.length > 1 && fixed + used() > o.width) {
    const drop = shown.findLastIndex((i) => i !== o.keep);
    shown.splice(drop, 1);
  }
  const rank = o.rankChars ? textWidth(o.rankChars, o.font) + PAD_EM * o.font : 0;
  return { shown, keyWidth: Math.max(textWidth(3, o.font), o.width - rank - used()) };
}

export interface TableSize extends TablePlan {
  font: number;
  headFont: number;
}

/**
 * The largest type, from `maxFont` down to `minFont`, at which every metric column fits; at `minFont`, columns are
 * dropped instead (planColumns). Type shrinks only as far as the screen's minimum, never below it.
 */
export function planTable(cols: ColumnNeed[], o: { width: number; maxFont: number; minFont: number; rankChars: number; keep: number }): TableSize {
  for (let font = Math.max(o.maxFont, o.minFont); ; font = Math.max(o.minFont, font * 0.9)) {
    const headFont = Math.max(o.minFont, font * 0.75);
    const plan = planColumns(cols, { ...o, font, headFont });
    if (plan.shown.length === cols.length || font === o.minFont) return { ...plan, font, headFont };
  }
}
