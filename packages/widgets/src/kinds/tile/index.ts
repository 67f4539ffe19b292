/** Number tile: one metric, big, coloured by thresholds. */
import { liveByBindings } from '../../values/live-groups.ts';
import { valueFromHistory, valueFromLive } from '../../values/single-value.ts';
import { ALL_WINDOWS, defineHistoryKind } from '../define.ts';
import { fields } from './fields.ts';
import { TileOptions } from './options.ts';

export const tile = defineHistoryKind({
  kind: 'tile', label: 'Number tile', description: 'One metric as a big number with green/amber/red bands',
  options: TileOptions, metrics: { min: 1, max: 1 }, groupBy: ['none'], windows: ALL_WINDOWS,
  defaults: { title: 'Calls offered', metrics: ['offered'], window: { kind: 'live' }, w: 2, h: 2 },
  fields, chrome: { bare: false, bindsData: true },
  title: (_w, t) => t.names[0],
  live: liveByBindings, fromLive: valueFromLive, fromHistory: valueFromHistory,
});
