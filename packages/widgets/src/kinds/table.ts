/** Table / leaderboard: one row per queue or agent, one column per metric, ranked. */
import { z } from 'zod';
import { ALL_WINDOWS, defineKind } from './define.ts';

export const TableOptions = z.object({
  /** Rank by this column (index into metrics), descending or ascending. */
  sortBy: z.number().int().min(0).max(5).default(0),
  descending: z.boolean().default(true),
  limit: z.number().int().min(1).max(50).default(10),
  /** Show rank numbers (leaderboard). */
  ranks: z.boolean().default(true),
});

export const table = defineKind({
  kind: 'table', label: 'Table / leaderboard', description: 'Queues or agents ranked by a metric',
  options: TableOptions, metrics: { min: 1, max: 6 }, groupBy: ['agent', 'queue', 'channel'], windows: ALL_WINDOWS,
  defaults: { title: 'Top agents', metrics: ['answered', 'aht'], window: { kind: 'live' }, w: 4, h: 4 },
});
