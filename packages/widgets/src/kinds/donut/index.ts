/** Donut: agents by state (live), or one metric split by queue, agent or channel. */
import { ALL_WINDOWS, defineHistoryKind } from '../define.ts';
import { fromHistory, fromLive, servedLive } from './data.ts';
import { fields } from './fields.ts';
import { DonutOptions } from './options.ts';

export const donut = defineHistoryKind({
  kind: 'donut', order: 6, label: 'Donut', description: 'Agents by state, or a metric split by queue, agent or channel (tickets: type or handler)',
  options: DonutOptions, metrics: { min: 0, max: 1 }, groupBy: ['queue', 'agent', 'channel', 'ticketType', 'handler'], windows: ALL_WINDOWS,
  defaults: { title: 'Agents by state', metrics: [], window: { kind: 'live' }, w: 3, h: 3 },
  fields, chrome: { bare: false, bindsData: true },
  check: (w) => (w.options.source === 'metric' && w.metrics.length !== 1 ? [{ path: ['metrics'], message: 'a donut of a metric needs exactly one metric' }] : []),
  title: (w, t) => (w.options.source === 'metric' ? `${t.names[0]} by ${t.group}` : null),
  live: servedLive, fromLive, fromHistory,
});
