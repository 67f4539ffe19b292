/** Agents grid data: the snapshot's agents in the widget's queues and agent filter. Pure. */
import type { AgentLive, LiveSnapshot } from '@callboard/metrics';
import { inQueues } from '../../values/live-groups.ts';
import type { Frame, LiveContext } from '../../widget-data.ts';
import type { AgentsWidget } from './options.ts';

export interface AgentsData extends Frame {
  agents: AgentLive[];
}

export const fromLive = (w: AgentsWidget, s: LiveSnapshot, c: LiveContext): AgentsData =>
  ({ ...c.base, agents: s.agents.filter((a) => inQueues(w, a.queues) && (!w.filters.agents.length || w.filters.agents.includes(a.agent))) });
