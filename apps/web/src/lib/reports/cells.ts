// How a report cell reads on screen: the engine's value as is (numbers already rounded to one decimal), none as "—".
import type { ReportColumn } from '@callboard/api';

export type Cell = string | number | null;

export const NONE = '—';

/** The text of a cell: the value the CSV carries, so the screen and the file say the same. */
export function cellText(v: Cell): string {
  return v === null || v === undefined ? NONE : String(v);
}

/** A column's header: its label, with its unit when not a count. */
export function headerText(c: ReportColumn): string {
  return c.unit === 'percent' ? `${c.label} %` : c.unit === 'seconds' && !c.label.includes('(s)') ? `${c.label} (s)` : c.label;
}

/** Sorts rows by a column: numbers numerically, text alphabetically, empty cells last either way. */
export function sortRows<T extends Record<string, Cell>>(rows: T[], key: string, dir: 1 | -1): T[] {
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
  });
}

/** The change from the previous period, as text ("+12", "−3.5"), or "" when either has no value. */
export function deltaText(now: Cell, before: Cell): string {
  if (typeof now !== 'number' || typeof before !== 'number') return '';
  const d = Math.round((now - before) * 10) / 10;
  return d === 0 ? '±0' : d > 0 ? `+${d}` : `−${-d}`;
}

/** An hour label `2026-10-25T02:00+02:00` as read on screen: `2026-10-25 02:00`, with its offset only when the day has that hour twice (DST). */
export function hourText(label: string, twice: ReadonlySet<string>): string {
  const local = `${label.slice(0, 10)} ${label.slice(11, 16)}`;
  return twice.has(local) ? `${local} (UTC${label.slice(16)})` : local;
}

/** The local hours that occur twice among the labels (the autumn DST change). */
export function hoursTwice(labels: string[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const l of labels) {
    const local = `${l.slice(0, 10)} ${l.slice(11, 16)}`;
    if (seen.has(local)) twice.add(local);
    seen.add(local);
  }
  return twice;
}
