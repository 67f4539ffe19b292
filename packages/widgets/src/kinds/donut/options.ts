/** Donut options: agent states or a metric, and how many slices. */
import { z } from 'zod';
import type { KindWidget } from '../../widget-base.ts';

export const DonutOptions = z.object({
  /** 'agent-states' ignores metrics and shows ready/busy/wrap-up/paused from the live state. */
  source: z.enum(['agent-states', 'metric']).default('agent-states'),
  limit: z.number().int().min(2).max(12).default(6),
});
export type DonutWidget = KindWidget<'donut', typeof DonutOptions>;
