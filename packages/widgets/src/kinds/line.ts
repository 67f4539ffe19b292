/** Line/area chart over time: history from ClickHouse joined to the live tail. */
import { z } from 'zod';
import { defineKind } from './define.ts';

export const LineOptions = z.object({
  area: z.boolean().default(true),
  /** Also plot the metric's thresholds as a horizontal target line. */
  target: z.number().nullable().default(null),
});

export const line = defineKind({
  kind: 'line', label: 'Line / area over time', description: 'Metrics per hour or per day, the current bucket kept live',
  options: LineOptions, metrics: { min: 1, max: 4 }, groupBy: ['hour', 'day'], windows: ['today', 'range'],
  defaults: { title: 'Offered per hour', metrics: ['offered'], window: { kind: 'today' }, w: 6, h: 3 },
});
