/** Bar chart: metrics per queue, agent or channel. */
import { z } from 'zod';
import { ALL_WINDOWS, defineKind } from './define.ts';

export const BarOptions = z.object({
  orientation: z.enum(['horizontal', 'vertical']).default('horizontal'),
  /** Show at most this many groups, largest first by the first metric. */
  limit: z.number().int().min(1).max(50).default(10),
});

export const bar = defineKind({
  kind: 'bar', label: 'Bar chart', description: 'Compare metrics across queues, agents or channels',
  options: BarOptions, metrics: { min: 1, max: 4 }, groupBy: ['queue', 'agent', 'channel'], windows: ALL_WINDOWS,
  defaults: { title: 'Offered by queue', metrics: ['offered'], window: { kind: 'live' }, w: 4, h: 3 },
});
