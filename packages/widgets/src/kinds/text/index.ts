/** Text: a heading or a notice for the room; it draws from its options alone. */
import { defineLiveKind } from '../define.ts';
import { fields } from './fields.ts';
import { TextOptions } from './options.ts';

export const text = defineLiveKind({
  kind: 'text', order: 10, label: 'Text', description: 'A heading or a notice',
  options: TextOptions, metrics: { min: 0, max: 0 }, groupBy: ['none'], windows: ['live'],
  defaults: { title: '', metrics: [], window: { kind: 'live' }, w: 3, h: 1 },
  fields, chrome: { bare: true, bindsData: false },
  live: 'always', fromLive: (_w, _s, c) => c.base,
});
