/** Gauge options: the arc's range and its threshold bands. */
import { z } from 'zod';
import { Thresholds } from '../../common.ts';
import type { KindWidget } from '../../widget-base.ts';

export const GaugeOptions = z.object({
  min: z.number().default(0),
  max: z.number().default(100),
  thresholds: Thresholds.prefault({ amber: 80, red: 60 }),
}).refine((o) => o.max > o.min, { message: 'max must be greater than min', path: ['max'] });
export type GaugeWidget = KindWidget<'gauge', typeof GaugeOptions>;
