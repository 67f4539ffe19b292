/** Gauge: one metric on an arc between min and max, coloured by thresholds. */
import { z } from 'zod';
import { Thresholds } from '../common.ts';
import { ALL_WINDOWS, defineKind } from './define.ts';

export const GaugeOptions = z.object({
  min: z.number().default(0),
  max: z.number().default(100),
  thresholds: Thresholds.prefault({ amber: 80, red: 60 }),
}).refine((o) => o.max > o.min, { message: 'max must be greater than min', path: ['max'] });

export const gauge = defineKind({
  kind: 'gauge', label: 'Gauge', description: 'One metric on an arc (e.g. service level against its target)',
  options: GaugeOptions, metrics: { min: 1, max: 1 }, groupBy: ['none'], windows: ALL_WINDOWS,
  defaults: { title: 'Service level', metrics: ['service_level'], window: { kind: 'live' }, w: 3, h: 3 },
});
