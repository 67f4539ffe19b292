import { describe, expect, it } from 'vitest';
import { agentsLayout } from './layout.ts';

describe('agents layout', () => {
  it.each([
    // agents, cell w × h, min font → cols, rows, shown, more
    [4, 950, 440, 24, 2, 2, 4, 0], // few agents: big cards, all shown
    [12, 950, 440, 24, 3, 4, 12, 0], // a 6×4 cell at 1080p takes 12 cards
    [13, 950, 440, 24, 3, 4, 11, 2], // one more agent: 11 cards and "+2 more"
    [40, 950, 440, 24, 3, 4, 11, 29],
    [40, 1900, 880, 48, 3, 4, 11, 29], // 4K: same layout at twice the pixels
    [40, 1400, 440, 24, 5, 4, 19, 21], // a wider cell: more columns, same type size
    [1, 100, 40, 24, 1, 1, 1, 0], // a cell too small for one card still shows one agent
    [0, 950, 440, 24, 1, 1, 0, 0],
  ])('agents - %i agents in %i×%i at ≥%i px: %i cols × %i rows, %i shown, %i more', (n, w, h, min, cols, rows, shown, more) => {
    const l = agentsLayout(n, w, h, min);
    expect({ cols: l.cols, rows: l.rows, shown: l.shown, more: l.more }).toEqual({ cols, rows, shown, more });
    if (w >= 11 * min) expect(l.font).toBeGreaterThanOrEqual(min);
  });
});
