/** Table / leaderboard: one row per queue or agent (tickets: per type or handler), one column per metric, ranked. */
import { groupsFromHistory, groupsFromLive } from '../../values/grouped.ts';
import { liveByBindings } from '../../values/live-groups.ts';
import { ALL_WINDOWS, defineHistoryKind } from '../define.ts';
import { fields } from './fields.ts';
import { TableOptions } from './options.ts';

export const table = defineHistoryKind({
  kind: 'table', order: 5, label: 'Table / leaderboard', description: 'Queues or agents (tickets: types or handlers) ranked by a metric',
  options: TableOptions, metrics: { min: 1, max: 6 }, groupBy: ['agent', 'queue', 'channel', 'ticketType', 'handler'], windows: ALL_WINDOWS,
  defaults: { title: 'Top agents', metrics: ['answered', 'aht'], window: { kind: 'live' }, w: 4, h: 4 },
  fields, chrome: { bare: false, bindsData: true },
  title: (_w, t) => `${t.list} by ${t.group}`,
  live: liveByBindings, fromLive: groupsFromLive, fromHistory: groupsFromHistory,
});
