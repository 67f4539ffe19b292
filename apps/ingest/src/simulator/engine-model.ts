/** The engine's runtime model: queues, agents and calls in flight, scheduled actions, and how they are built from the config. */
import type { AgentStateName, EventOf, ExitReason } from '@callboard/metrics';
import type { MissedCaller } from './callers.ts';
import { extraAgentName } from './names.ts';
import type { AgentSpec, QueueSpec } from './types.ts';

export interface QueueRt {
  spec: QueueSpec;
  chat: boolean;
  priority: number;
  perDay: number;
  /** Callers waiting and not yet ringing an agent, oldest first. */
  waiting: CallRt[];
  members: AgentRt[];
  /** Members logged in (ready, busy, wrap-up or paused). */
  loggedIn: number;
}

export interface AgentRt {
  spec: AgentSpec;
  name: string;
  queues: QueueRt[];
  queueNames: string[];
  voice: boolean;
  state: AgentStateName;
  /** The call ringing or talking on this agent: an agent never holds two. */
  call: CallRt | null;
  readySince: number;
  /** Bumped on every change, so timers scheduled for an older situation are ignored. */
  epoch: number;
  /** A pause or log-out that came due while the agent was on a call; applied after wrap-up. */
  pending: { reason: string; durationMs: number } | 'logout' | null;
}

export type Leave = 'abandon' | ExitReason;

export interface CallRt {
  id: string;
  queue: QueueRt;
  caller: string;
  offeredAt: number;
  answeredAt: number;
  status: 'waiting' | 'ringing' | 'talking' | 'gone';
  agent: AgentRt | null;
  leave: Leave;
  transfer: boolean;
}

export type OutboundOutcome = EventOf<'call.outbound'>['outcome'];

export type ActionBody =
  | { kind: 'arrival'; queue: QueueRt }
  | { kind: 'offer'; queue: QueueRt; caller: string }
  | { kind: 'leave'; call: CallRt }
  | { kind: 'answer'; call: CallRt; agent: AgentRt }
  | { kind: 'hangup'; call: CallRt }
  | { kind: 'wrapped'; agent: AgentRt; token: number }
  | { kind: 'login'; agent: AgentRt }
  | { kind: 'logout'; agent: AgentRt }
  | { kind: 'pause'; agent: AgentRt; reason: string; durationMs: number }
  | { kind: 'unpause'; agent: AgentRt; token: number }
  | { kind: 'idle'; agent: AgentRt; token: number }
  | { kind: 'outbound'; agent: AgentRt; token: number; callId: string; missed: MissedCaller; outcome: OutboundOutcome; talkMs: number }
  | { kind: 'day'; dayStart: number };
export type Action = ActionBody & { at: number; seq: number };

export interface EngineConfig {
  tenant: string;
  seed: number;
  timezone: string;
  queues: readonly QueueSpec[];
  agents: readonly AgentSpec[];
  scale: number;
  /** Simulation start, epoch ms. Agents on shift at that moment log in right away. */
  startMs: number;
  /** No new arrivals, shift changes or callbacks at or after this, epoch ms; calls in progress still finish. */
  stopMs: number;
}

export class SimulatorConfigError extends Error {
  readonly code = 'SIMULATOR_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorConfigError';
  }
}

export function buildQueues(cfg: EngineConfig): QueueRt[] {
  const names = new Set<string>();
  return cfg.queues.map((spec) => {
    if (names.has(spec.name)) throw new SimulatorConfigError(`queue ${spec.name} is declared twice`);
    names.add(spec.name);
    return { spec, chat: spec.channel === 'chat', priority: spec.priority ?? 1, perDay: spec.callsPerDay * cfg.scale, waiting: [], members: [], loggedIn: 0 };
  });
}

/** Agents, cloned for scale > 1 (same queues and shift, a distinct plausible name) so service stays comparable at higher volume. */
export function buildAgents(cfg: EngineConfig, queues: QueueRt[]): AgentRt[] {
  const byName = new Map(queues.map((q) => [q.spec.name, q]));
  const count = Math.max(1, Math.round(cfg.agents.length * cfg.scale));
  const agents: AgentRt[] = [];
  const taken = new Set(cfg.agents.map((a) => a.name));
  for (let i = 0; i < count && cfg.agents.length > 0; i++) {
    const spec = cfg.agents[i % cfg.agents.length];
    const copy = Math.floor(i / cfg.agents.length);
    const qs = spec.queues.map((n) => {
      const q = byName.get(n);
      if (!q) throw new SimulatorConfigError(`agent ${spec.name} serves unknown queue ${n}`);
      return q;
    });
    const agent: AgentRt = {
      spec, name: copy === 0 ? spec.name : extraAgentName(i % cfg.agents.length, copy, taken), queues: qs, queueNames: qs.map((q) => q.spec.name),
      voice: qs.some((q) => !q.chat), state: 'logged_out', call: null, readySince: 0, epoch: 0, pending: null,
    };
    for (const q of qs) q.members.push(agent);
    agents.push(agent);
  }
  return agents;
}

/** 32-bit FNV-1a, base 36: a short stable tag of tenant and seed for event ids. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
