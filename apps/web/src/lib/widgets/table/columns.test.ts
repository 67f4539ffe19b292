import { describe, expect, it } from 'vitest';
import { planColumns, planTable, type ColumnNeed } from './columns.ts';

const SL: ColumnNeed = { label: 'Service level', valueChars: 7 }; // "100.0 %"
const ANS: ColumnNeed = { label: 'Answered', valueChars: 3 };
const AHT: ColumnNeed = { label: 'Avg handle time', valueChars: 5 }; // "4m 05"
const AR: ColumnNeed = { label: 'Abandon rate', valueChars: 6 };

describe('table columns', () => {
  it.each([
    // columns, width px, font, head font, ranked by → shown
    [[ANS, AHT], 600, 24, 24, 0, [0, 1]], // the default table at 1080p: both columns
    [[SL, ANS, AHT, AR], 600, 24, 24, 0, [0, 1, 2]], // four at 1080p in a 4-wide cell: the last dropped
    [[SL, ANS, AHT, AR], 1200, 48, 48, 0, [0, 1, 2]], // 4K: the same at twice the pixels
    [[SL, ANS, AHT, AR], 600, 24, 24, 3, [0, 3]], // the ranked-by column stays
    [[SL, ANS, AHT, AR], 420, 24, 24, 3, [3]], // narrower: only the ranked-by column
    [[SL, ANS, AHT, AR], 1400, 24, 24, 0, [0, 1, 2, 3]], // a wide cell: all four
    [[SL], 100, 24, 24, 0, [0]], // a tiny cell still shows its one metric
  ])('table - planned columns, case %#', (cols, width, font, headFont, keep, shown) => {
    expect(planColumns(cols as ColumnNeed[], { width, font, headFont, rankChars: 2, keep }).shown).toEqual(shown);
  });

  it('table - the name column gets the width the metric columns leave', () => {
    const p = planColumns([ANS], { width: 600, font: 24, headFont: 24, rankChars: 0, keep: 0 });
    expect(p.keyWidth).toBeGreaterThan(400);
    expect(p.keyWidth).toBeLessThan(600);
  });

  it.each([
    // columns, width, largest font the height allows, min font → font, shown
    [[ANS, AHT], 600, 36, 24, 32.4, [0, 1]], // one step smaller than the height allows, and both fit
    [[ANS, AHT], 700, 36, 24, 36, [0, 1]], // a wider cell: the full size
    [[SL, ANS, AHT, AR], 600, 36, 24, 24, [0, 1, 2]], // smaller type (not below 24) before dropping columns
    [[SL, ANS], 600, 36, 24, 32.4, [0, 1]], // shrinks just enough for two
  ])('table - sized to fit, case %#', (cols, width, maxFont, minFont, font, shown) => {
    const t = planTable(cols as ColumnNeed[], { width, maxFont, minFont, rankChars: 2, keep: 0 });
    expect(t.shown).toEqual(shown);
    expect(t.font).toBeCloseTo(font, 1);
    expect(t.font).toBeGreaterThanOrEqual(minFont);
  });
});
