/** Table / leaderboard options: ranking column and order, rows, rank numbers. */
import { z } from 'zod';
import type { KindWidget } from '../../widget-base.ts';

export const TableOptions = z.object({
  /** Rank by this column (index into metrics), descending or ascending. */
  sortBy: z.number().int().min(0).max(5).default(0),
  descending: z.boolean().default(true),
  limit: z.number().int().min(1).max(50).default(10),
  /** Show rank numbers (leaderboard). */
  ranks: z.boolean().default(true),
});
export type TableWidget = KindWidget<'table', typeof TableOptions>;
