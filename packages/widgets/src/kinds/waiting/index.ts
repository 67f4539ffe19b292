/** Callers waiting: position, caller, queue and wait so far, longest first. */
import { defineLiveKind } from '../define.ts';
import { fromLive } from './data.ts';
import { fields } from './fields.ts';
import { WaitingOptions } from './options.ts';

export const waiting = defineLiveKind({
  kind: 'waiting', order: 8, label: 'Callers waiting', description: 'Who is waiting now, longest first',
  options: WaitingOptions, metrics: { min: 0, max: 0 }, groupBy: ['none'], windows: ['live'],
  defaults: { title: 'Callers waiting', metrics: [], window: { kind: 'live' }, w: 4, h: 4 },
  fields, chrome: { bare: false, bindsData: true },
  live: 'always', fromLive,
});
