/** The live snapshot pushed to browsers (and the WebSocket delta protocol built on it). */
import type { AgentStateName, Channel } from '../events/schema.ts';
import type { CallbackFigures } from '../callbacks/catalogue.ts';
import type { LiveTickets } from '../tickets/catalogue.ts';

export interface WaitingCaller {
  callId: string;
  caller: string;
  channel: Channel;
  /** When the caller entered the queue, epoch ms. Wait so far = now − since. */
  since: number;
}

export interface QueueLive {
  /** Queue name; '*' for the all-queues total. */
  queue: string;
  /** Callers waiting now, longest-waiting first (position = index + 1). */
  waiting: WaitingCaller[];
  /** Agents logged in to this queue, by state. */
  agents: Record<Exclude<AgentStateName, 'logged_out'>, number>;
  /** Today's catalogue metric values (null when undefined, e.g. no calls yet). */
  metrics: Record<string, number | null>;
  /**
   * Callback requests of this queue (or all queues) now: the catalogue's callback metrics are read from it at
   * the reader's now (the oldest open age grows without a delta). Absent where no callback service runs.
   */
  callbacks?: CallbackFigures;
}

export interface AgentLive {
  agent: string;
  state: AgentStateName;
  /** In this state since, epoch ms. */
  since: number;
  reason: string;
  queues: string[];
  /** The call the agent is on, if any. */
  current: { callId: string; queue: string; caller: string; since: number } | null;
  /** Today's metrics for this agent's calls and states. */
  metrics: Record<string, number | null>;
}

export interface LiveSnapshot {
  tenant: string;
  /** Server time the snapshot was taken, epoch ms: clients derive "wait so far" from it. */
  at: number;
  /** "Today" in the tenant's timezone. */
  day: string;
  timezone: string;
  total: QueueLive;
  queues: QueueLive[];
  agents: AgentLive[];
  /**
   * The tenant's tickets today (opened, finalised, time to finalise since the start of today) and now (backlog,
   * overdue), in total, by type and by handler: the catalogue's ticket metrics are read from it. Absent without
   * the ticket service.
   */
  tickets?: LiveTickets;
}

/** Server → browser WebSocket messages. */
export type LiveMessage =
  | { type: 'snapshot'; snapshot: LiveSnapshot }
  | {
    type: 'delta';
    at: number;
    day: string;
    /** Replaced when present. */
    total?: QueueLive;
    /** Upserts by queue name. */
    queues?: QueueLive[];
    removedQueues?: string[];
    /** Upserts by agent name. */
    agents?: AgentLive[];
    removedAgents?: string[];
    /** Replaced when present. */
    tickets?: LiveTickets;
  }
  | { type: 'heartbeat'; at: number }
  | { type: 'error'; message: string };
