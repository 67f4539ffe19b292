// Gauge geometry in the SVG's own units (viewBox -100 -100 200 170, centre 0,0): the arc, and a value that fits
// inside its ring. Pure, so the fit is tested by table; the browser test checks the drawn result.
import { EM_PER_CHAR } from '../fit.ts';

export const ARC = { inner: 70, outer: 92, start: -2.1, end: 2.1 } as const;
/** Clear space kept between the value's box and the ring. */
const MARGIN = 6;
/** A text line's box, in em: the value is centred on its middle (dominant-baseline: central). */
const LINE_EM = 1;

/**
 * Largest font (user units, at most `max`) at which `chars` characters, centred on the ring's centre, stay inside the
 * ring: the box's corners at (±w/2, ±h/2) lie within the inner radius less a margin.
 */
export function valueFont(chars: number, max = 40): number {
  const r = ARC.inner - MARGIN;
  const halfW = (Math.max(1, chars) * EM_PER_CHAR) / 2;
  const halfH = LINE_EM / 2;
  return Math.min(max, r / Math.hypot(halfW, halfH));
}

/** Font (user units) that renders at least `minPx` on screen when one unit is `scale` px; never below `floor`. */
export const atLeastPx = (minPx: number, scale: number, floor = 14) => Math.max(floor, minPx / Math.max(scale, 0.01));
