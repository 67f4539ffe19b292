// Pixel shift against burn-in: a slow walk over a small square of offsets (px), one step per period.
const PATH: [number, number][] = [[0, 0], [2, 0], [2, 2], [0, 2], [-2, 2], [-2, 0], [-2, -2], [0, -2], [2, -2]];

export function shiftAt(step: number): [number, number] {
  return PATH[((step % PATH.length) + PATH.length) % PATH.length];
}
