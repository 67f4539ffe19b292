import { describe, expect, it } from 'vitest';
import { tvMinFont } from './type-scale.ts';

describe('tv type scale', () => {
  it.each([
    [1920, 1080, 24],
    [3840, 2160, 48],
    [1280, 720, 16],
    [1080, 1920, 24], // a portrait TV: the short side sets the scale
    [2560, 1440, 32],
    [0, 0, 24], // before the first layout
  ])('tv - %i×%i has a minimum type of %s px', (w, h, px) => {
    expect(tvMinFont(w, h)).toBe(px);
  });
});
