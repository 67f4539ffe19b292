/** Number tile: one metric, big, coloured by thresholds. */
import { z } from 'zod';
import { Thresholds } from '../common.ts';
import { ALL_WINDOWS, defineKind } from './define.ts';

export const TileOptions = z.object({
  thresholds: Thresholds.prefault({}),
  /** Small line under the number, e.g. "target 80 %". */
  caption: z.string().max(80).default(''),
});

export const tile = defineKind({
  kind: 'tile', label: 'Number tile', description: 'One metric as a big number with green/amber/red bands',
  options: TileOptions, metrics: { min: 1, max: 1 }, groupBy: ['none'], windows: ALL_WINDOWS,
  defaults: { title: 'Calls offered', metrics: ['offered'], window: { kind: 'live' }, w: 2, h: 2 },
});
