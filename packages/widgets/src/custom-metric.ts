/** A custom metric as stored and exchanged: a formula over catalogue metric ids (checked by @callboard/metrics). */
import { z } from 'zod';
import { MetricId } from './common.ts';

export const Unit = z.enum(['count', 'percent', 'seconds']);
export type Unit = z.infer<typeof Unit>;

export const CustomMetric = z.object({
  id: MetricId,
  label: z.string().trim().min(1, 'a custom metric needs a label').max(80),
  unit: Unit.default('count'),
  formula: z.string().trim().min(1, 'the formula is empty').max(500),
  higherIsBetter: z.boolean().default(true),
  description: z.string().max(300).default(''),
});
export type CustomMetric = z.infer<typeof CustomMetric>;
