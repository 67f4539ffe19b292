/** Call facts and agent-state intervals: the rows the reducer emits and ClickHouse stores. */
import type { AgentStateName, Channel, ExitReason } from './events/schema.ts';

export type Outcome = 'waiting' | 'answered' | 'abandoned' | 'exited';

/**
 * One call leg in one queue. While live it is mutable (outcome 'waiting' until it leaves the queue,
 * `finished` false until talk and wrap-up are known); once finished it is written as a call-fact row.
 */
export interface CallFact {
  tenant: string;
  /** `<callId>|<queue>`: one fact per call and queue. */
  factId: string;
  callId: string;
  queue: string;
  /** '' when call.offered never arrived. */
  caller: string;
  channel: Channel;
  campaign: string;
  /** Local day of offeredAt in the tenant's timezone (YYYY-MM-DD). */
  day: string;
  offeredAt: number;
  answeredAt: number | null;
  /** When the leg finished: end of talk, or when it left the queue unanswered. */
  endedAt: number | null;
  agent: string;
  waitMs: number;
  talkMs: number;
  wrapMs: number;
  outcome: Outcome;
  exitReason: ExitReason | '';
  endedBy: 'agent' | 'caller' | 'system' | '';
  transferred: boolean;
  finished: boolean;
}

/** A closed interval an agent spent in one state, split at local midnight. */
export interface AgentInterval {
  tenant: string;
  agent: string;
  state: AgentStateName;
  reason: string;
  /** Queue of the call the interval belongs to (busy / wrap-up), else ''. */
  queue: string;
  day: string;
  startAt: number;
  endAt: number;
  durationMs: number;
}
