import { metricById } from '@callboard/metrics';
import { describe, expect, it } from 'vitest';
import { parseQuery } from './query-parser.ts';
import { decideCallTable, type CallTable } from './table-decider.ts';

const query = (from: string, to: string, timezone: string) => parseQuery({ from, to }, 'acme', timezone);

describe('table-decider - call_rollup_hourly only when it gives the same answer', () => {
  it.each<{ name: string; metrics: string[]; from: string; to: string; tz: string; prefer?: CallTable; want: CallTable }>([
    { name: 'threshold-free metrics over whole days in a whole-hour zone', metrics: ['offered', 'answered'], from: '2026-11-01', to: '2026-11-30', tz: 'Europe/Rome', want: 'call_rollup_hourly' },
    { name: 'whole hours given as instants', metrics: ['offered'], from: '2026-11-02T08:00:00Z', to: '2026-11-02T10:00:00Z', tz: 'UTC', want: 'call_rollup_hourly' },
    { name: 'a range that starts mid-hour', metrics: ['offered'], from: '2026-11-02T08:30:00Z', to: '2026-11-02T10:00:00Z', tz: 'UTC', want: 'call_facts' },
    { name: 'a range that ends mid-hour', metrics: ['offered'], from: '2026-11-02T08:00:00Z', to: '2026-11-02T10:00:01Z', tz: 'UTC', want: 'call_facts' },
    { name: 'a half-hour zone: local days start mid-hour in UTC', metrics: ['offered'], from: '2026-11-01', to: '2026-11-02', tz: 'Asia/Kolkata', want: 'call_facts' },
    { name: 'a metric with a wait threshold needs per-call waits', metrics: ['offered', 'service_level'], from: '2026-11-01', to: '2026-11-30', tz: 'Europe/Rome', want: 'call_facts' },
    { name: 'service quality needs per-call waits', metrics: ['service_quality'], from: '2026-11-01', to: '2026-11-30', tz: 'UTC', want: 'call_facts' },
    { name: 'the caller may insist on call_facts', metrics: ['offered'], from: '2026-11-01', to: '2026-11-30', tz: 'UTC', prefer: 'call_facts', want: 'call_facts' },
  ])('$name → $want', ({ metrics, from, to, tz, prefer, want }) => {
    expect(decideCallTable(query(from, to, tz), metrics.map(metricById), prefer)).toBe(want);
  });
});
