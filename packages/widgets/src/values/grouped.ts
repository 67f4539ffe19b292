/** The data of a kind that shows one row per group (bar, table): the bound metrics per queue, agent or channel. Pure. */
import type { LiveSnapshot } from '@callboard/metrics';
import type { Bindings } from '../widget-base.ts';
import type { Frame, GroupRow, HistoryContext, HistoryRows, LiveContext } from '../widget-data.ts';
import { groupRows } from './live-groups.ts';
import { historyGroups } from './history-rows.ts';

export interface GroupsData extends Frame {
  groups: GroupRow[];
}

export const groupsFromLive = (w: Bindings, s: LiveSnapshot, c: LiveContext): GroupsData => ({ ...c.base, groups: groupRows(w, s, c) });

export const groupsFromHistory = (w: Bindings, r: HistoryRows, c: HistoryContext): GroupsData => ({ ...c.base, groups: historyGroups(w, r) });
