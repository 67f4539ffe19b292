import { describe, expect, it } from 'vitest';
import { itemsThatFit, textWidth } from './fit.ts';

describe('fit', () => {
  it.each([
    // total, space, item px → shown, more
    [5, 400, 40, 5, 0],
    [10, 400, 40, 10, 0],
    [11, 400, 40, 9, 2], // one slot becomes "+2 more"
    [100, 400, 40, 9, 91],
    [3, 30, 40, 1, 2], // not even one slot: still one item, and the rest counted
    [0, 400, 40, 0, 0],
    [1, 10, 40, 1, 0],
  ])('fit - %i items in %i px at %i px each: %i shown, %i more', (total, space, item, shown, more) => {
    expect(itemsThatFit(total, space, item)).toEqual({ shown, more });
  });

  it.each([
    // total, space, item px, the widget's limit → shown, more
    [20, 400, 40, 8, 8, 12], // room for 10: the limit of 8 shows, and "+12 more" takes a spare slot
    [8, 400, 40, 8, 8, 0],
    [20, 200, 40, 8, 4, 16], // room for 5: 4 and "+16 more"
  ])('fit - %i items in %i px at %i px each, at most %i: %i shown, %i more', (total, space, item, max, shown, more) => {
    expect(itemsThatFit(total, space, item, max)).toEqual({ shown, more });
  });

  it('fit - text width grows with characters and size', () => {
    expect(textWidth(10, 24)).toBeCloseTo(158.4);
    expect(textWidth(10, 48)).toBe(2 * textWidth(10, 24));
  });
});
