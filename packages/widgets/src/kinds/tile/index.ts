/** Number tile: one metric, big, coloured by thresholds. */
import { SINGLE_VALUE } from '../../values/single-value.ts';
import { defineHistoryKind } from '../define.ts';
import { fields } from './fields.ts';
import { TileOptions } from './options.ts';

export const tile = defineHistoryKind({
  kind: 'tile', order: 1, label: 'Number tile', description: 'One metric as a big number with green/amber/red bands',
  options: TileOptions,
  defaults: { title: 'Calls offered', metrics: ['offered'], window: { kind: 'live' }, w: 2, h: 2 },
  fields, ...SINGLE_VALUE,
});
