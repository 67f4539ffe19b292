/** Agents grid: every agent's state, time in state, calls today and current call. */
import { defineLiveKind } from '../define.ts';
import { fromLive } from './data.ts';
import { fields } from './fields.ts';
import { AgentsOptions } from './options.ts';

export const agents = defineLiveKind({
  kind: 'agents', order: 7, label: 'Agents grid', description: 'Agent state, time in state, calls and current call',
  options: AgentsOptions, metrics: { min: 0, max: 1 }, groupBy: ['none'], windows: ['live'],
  defaults: { title: 'Agents', metrics: ['answered'], window: { kind: 'live' }, w: 6, h: 4 },
  fields, chrome: { bare: false, bindsData: true },
  live: 'always', fromLive,
});
