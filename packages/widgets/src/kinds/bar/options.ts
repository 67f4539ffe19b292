/** Bar chart options: orientation and how many groups. */
import { z } from 'zod';
import type { KindWidget } from '../../widget-base.ts';

export const BarOptions = z.object({
  orientation: z.enum(['horizontal', 'vertical']).default('horizontal'),
  /** Show at most this many groups, largest first by the first metric. */
  limit: z.number().int().min(1).max(50).default(10),
});
export type BarWidget = KindWidget<'bar', typeof BarOptions>;
