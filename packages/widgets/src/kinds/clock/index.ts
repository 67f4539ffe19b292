/** Clock: the time (and date) in the tenant's or a chosen timezone; it draws from the frame's clock alone. */
import { defineLiveKind, NO_DATA } from '../define.ts';
import { fields } from './fields.ts';
import { ClockOptions } from './options.ts';

export const clock = defineLiveKind({
  kind: 'clock', order: 9, label: 'Clock', description: 'Current time and date',
  options: ClockOptions,
  defaults: { title: '', metrics: [], window: { kind: 'live' }, w: 2, h: 1 },
  fields, ...NO_DATA,
});
