/** Gauge: one metric on an arc between min and max, coloured by thresholds. */
import { SINGLE_VALUE } from '../../values/single-value.ts';
import { defineHistoryKind } from '../define.ts';
import { fields } from './fields.ts';
import { GaugeOptions } from './options.ts';

export const gauge = defineHistoryKind({
  kind: 'gauge', order: 2, label: 'Gauge', description: 'One metric on an arc (e.g. service level against its target)',
  options: GaugeOptions,
  defaults: { title: 'Service level', metrics: ['service_level'], window: { kind: 'live' }, w: 3, h: 3 },
  fields, ...SINGLE_VALUE,
});
