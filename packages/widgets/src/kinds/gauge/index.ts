/** Gauge: one metric on an arc between min and max, coloured by thresholds. */
import { liveByBindings } from '../../values/live-groups.ts';
import { valueFromHistory, valueFromLive } from '../../values/single-value.ts';
import { ALL_WINDOWS, defineHistoryKind } from '../define.ts';
import { fields } from './fields.ts';
import { GaugeOptions } from './options.ts';

export const gauge = defineHistoryKind({
  kind: 'gauge', label: 'Gauge', description: 'One metric on an arc (e.g. service level against its target)',
  options: GaugeOptions, metrics: { min: 1, max: 1 }, groupBy: ['none'], windows: ALL_WINDOWS,
  defaults: { title: 'Service level', metrics: ['service_level'], window: { kind: 'live' }, w: 3, h: 3 },
  fields, chrome: { bare: false, bindsData: true },
  title: (_w, t) => t.names[0],
  live: liveByBindings, fromLive: valueFromLive, fromHistory: valueFromHistory,
});
