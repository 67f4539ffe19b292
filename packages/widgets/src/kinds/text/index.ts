/** Text: a heading or a notice for the room; it draws from its options alone. */
import { defineLiveKind, NO_DATA } from '../define.ts';
import { fields } from './fields.ts';
import { TextOptions } from './options.ts';

export const text = defineLiveKind({
  kind: 'text', order: 10, label: 'Text', description: 'A heading or a notice',
  options: TextOptions,
  defaults: { title: '', metrics: [], window: { kind: 'live' }, w: 3, h: 1 },
  fields, ...NO_DATA,
});
