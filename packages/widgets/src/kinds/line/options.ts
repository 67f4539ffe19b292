/** Line/area chart options: filled area and a target line. */
import { z } from 'zod';
import type { KindWidget } from '../../widget-base.ts';

export const LineOptions = z.object({
  area: z.boolean().default(true),
  /** Also plot the metric's thresholds as a horizontal target line. */
  target: z.number().nullable().default(null),
});
export type LineWidget = KindWidget<'line', typeof LineOptions>;
