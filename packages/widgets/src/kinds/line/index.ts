/** Line/area chart over time: history from ClickHouse joined to the live tail. */
import { defineHistoryKind } from '../define.ts';
import { fromHistory, fromLive, withLiveTail } from './data.ts';
import { fields } from './fields.ts';
import { LineOptions } from './options.ts';

export const line = defineHistoryKind({
  kind: 'line', order: 4, label: 'Line / area over time', description: 'Metrics per hour or per day, the current bucket kept live',
  options: LineOptions, metrics: { min: 1, max: 4 }, groupBy: ['hour', 'day'], windows: ['today', 'range'],
  defaults: { title: 'Offered per hour', metrics: ['offered'], window: { kind: 'today' }, w: 6, h: 3 },
  fields, chrome: { bare: false, bindsData: true },
  title: (_w, t) => `${t.list} per ${t.group}`,
  live: () => false, fromLive, fromHistory, joinLive: withLiveTail,
});
