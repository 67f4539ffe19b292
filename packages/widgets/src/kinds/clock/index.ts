/** Clock: the time (and date) in the tenant's or a chosen timezone; it draws from the frame's clock alone. */
import { defineLiveKind } from '../define.ts';
import { fields } from './fields.ts';
import { ClockOptions } from './options.ts';

export const clock = defineLiveKind({
  kind: 'clock', order: 9, label: 'Clock', description: 'Current time and date',
  options: ClockOptions, metrics: { min: 0, max: 0 }, groupBy: ['none'], windows: ['live'],
  defaults: { title: '', metrics: [], window: { kind: 'live' }, w: 2, h: 1 },
  fields, chrome: { bare: true, bindsData: false },
  live: 'always', fromLive: (_w, _s, c) => c.base,
});
