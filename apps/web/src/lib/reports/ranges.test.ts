import { describe, expect, it } from 'vitest';
import { includesToday, rangeOf } from './ranges';

// Monday 2 March 2026, 00:30 in Rome (23:30 UTC the day before): "today" is the tenant's.
const now = Date.parse('2026-03-01T23:30:00Z');

describe('report ranges', () => {
  it.each([
    { id: 'today', want: { from: '2026-03-02', to: '2026-03-02' } },
    { id: 'yesterday', want: { from: '2026-03-01', to: '2026-03-01' } },
    { id: 'this-week', want: { from: '2026-03-02', to: '2026-03-02' } },
    { id: 'last-7', want: { from: '2026-02-24', to: '2026-03-02' } },
    { id: 'last-30', want: { from: '2026-02-01', to: '2026-03-02' } },
    { id: 'this-month', want: { from: '2026-03-01', to: '2026-03-02' } },
    { id: 'last-month', want: { from: '2026-02-01', to: '2026-02-28' } },
  ] as const)('ranges - $id in Europe/Rome', ({ id, want }) => {
    expect(rangeOf(id, 'Europe/Rome', now)).toEqual(want);
  });
  it('ranges - the same instant is still Sunday 1 March in New York', () => {
    expect(rangeOf('this-week', 'America/New_York', now)).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(includesToday({ from: '2026-02-01', to: '2026-03-01' }, 'America/New_York', now)).toBe(true);
    expect(includesToday({ from: '2026-02-01', to: '2026-03-01' }, 'Europe/Rome', now)).toBe(false);
  });
});
