import { describe, expect, it } from 'vitest';
import { tvBodySize } from './body-size.ts';

describe('tv body size', () => {
  // Measured in Chromium (test/tv-readability.test.ts checks the agents grid keeps its first layout).
  it.each([
    ['the bench grid board\'s agents grid at 1080p', 1920, 1080, { x: 0, y: 2, w: 12, h: 6 }, true],
    ['a 3×2 tile at 4K', 3840, 2160, { x: 0, y: 0, w: 3, h: 2 }, true],
    ['an untitled 1×1 widget', 1280, 720, { x: 0, y: 0, w: 1, h: 1 }, false],
  ])('tv body size - %s: inside the screen, in proportion to its cells', (_, width, height, layout, titled) => {
    const s = tvBodySize(width, height, 12, 8, layout, titled);
    expect(s.width).toBeGreaterThan(0);
    expect(s.width).toBeLessThan((width * layout.w) / 12);
    expect(s.height).toBeGreaterThan(0);
    expect(s.height).toBeLessThan((height * layout.h) / 8);
  });

  it('tv body size - twice the pixels, twice the size (but for the frame\'s 1 px borders)', () => {
    const hd = tvBodySize(1920, 1080, 12, 8, { x: 0, y: 2, w: 12, h: 6 }, true);
    const uhd = tvBodySize(3840, 2160, 12, 8, { x: 0, y: 2, w: 12, h: 6 }, true);
    expect(Math.abs(uhd.width - 2 * hd.width)).toBeLessThanOrEqual(5);
    expect(Math.abs(uhd.height - 2 * hd.height)).toBeLessThanOrEqual(5);
  });
});
