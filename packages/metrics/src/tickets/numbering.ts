/**
 * Numbering rules: a ticket's id is `<series>-<number>`, numbers run 1, 2, 3… per series with no gap
 * and no duplicate. The engine claims a number by creating the ticket's own key (create fails when
 * the key exists): it starts from the series' counter (the highest number known taken, a hint kept
 * by compare-and-set) and tries the next number until a create succeeds. A number is only ever
 * skipped when its key exists, so no gaps; a key is created once, so no duplicates — across engines.
 */
export function ticketId(series: string, n: number): string {
  return `${series}-${n}`;
}

/** The series and number of a ticket id; null for anything else. */
export function parseTicketId(id: string): { series: string; number: number } | null {
  const m = /^([A-Z][A-Z0-9]{0,9})-([1-9]\d{0,9})$/.exec(id);
  return m ? { series: m[1], number: Number(m[2]) } : null;
}

/** The number to try first after the counter says `hint` are taken. */
export function firstCandidate(hint: number): number {
  return Math.max(0, hint) + 1;
}

/** Numbers missing from 1..max and numbers given twice: both must be empty for a series. */
export function numberingProblems(numbers: readonly number[]): { gaps: number[]; duplicates: number[] } {
  const seen = new Set<number>();
  const duplicates: number[] = [];
  for (const n of numbers) {
    if (seen.has(n)) duplicates.push(n);
    else seen.add(n);
  }
  const max = Math.max(0, ...numbers);
  const gaps: number[] = [];
  for (let n = 1; n <= max; n++) if (!seen.has(n)) gaps.push(n);
  return { gaps, duplicates };
}
