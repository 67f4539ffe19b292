/** Bar chart: metrics per queue, agent or channel (ticket metrics per ticket type or handler). */
import { groupsFromHistory, groupsFromLive } from '../../values/grouped.ts';
import { liveByBindings } from '../../values/live-groups.ts';
import { ALL_WINDOWS, defineHistoryKind } from '../define.ts';
import { fields } from './fields.ts';
import { BarOptions } from './options.ts';

export const bar = defineHistoryKind({
  kind: 'bar', order: 3, label: 'Bar chart', description: 'Compare metrics across queues, agents or channels (tickets: types or handlers)',
  options: BarOptions, metrics: { min: 1, max: 4 }, groupBy: ['queue', 'agent', 'channel', 'ticketType', 'handler'], windows: ALL_WINDOWS,
  defaults: { title: 'Offered by queue', metrics: ['offered'], window: { kind: 'live' }, w: 4, h: 3 },
  fields, chrome: { bare: false, bindsData: true },
  title: (_w, t) => `${t.list} by ${t.group}`,
  live: liveByBindings, fromLive: groupsFromLive, fromHistory: groupsFromHistory,
});
