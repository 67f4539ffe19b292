// Fitting dense widgets to their cell: text keeps its size, and fewer items show (with "+N more") instead.

/**
 * Width of one character in em, for planning columns before rendering. :NOTE: a deliberate over-estimate: digits are
 * ≈0.55 em in most system-ui fonts but 0.64 em in DejaVu Sans (Debian's default, and many TV sticks'), so planned
 * columns never come out narrower than their text.
 */
export const EM_PER_CHAR = 0.66;

/** Width in px of `chars` characters at `font` px. */
export const textWidth = (chars: number, font: number) => chars * EM_PER_CHAR * font;

/**
 * How many of `total` items of `itemPx` each fit in `spacePx` (and at most `max`, the widget's own row limit); when not
 * all show, one slot goes to a "+N more" line. At least one item shows when there is any, so a tiny cell still says
 * something true.
 */
export function itemsThatFit(total: number, spacePx: number, itemPx: number, max = Infinity): { shown: number; more: number } {
  const slots = Math.max(1, Math.floor(spacePx / Math.max(1, itemPx)));
  if (total <= Math.min(slots, max)) return { shown: total, more: 0 };
  const shown = Math.max(1, Math.min(max, slots - 1));
  return { shown, more: total - shown };
}
