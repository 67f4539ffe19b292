/** The simulator's configuration contracts: queues, agents and run options. */
import type { CallEventInput, Channel } from '@callboard/metrics';

export interface QueueSpec {
  name: string;
  channel: Channel;
  /** Contacts offered on an average weekday; the hourly profile and weekday factors shape them. */
  callsPerDay: number;
  /** Median talk (or chat) time, ms; talk times are log-normal around it. */
  talkMedianMs: number;
  /** Median caller patience, ms; patience is log-normal around it. */
  patienceMedianMs: number;
  /** Queue timeout, ms: callers still waiting then leave with call.exited reason timeout. */
  maxWaitMs: number;
  /** Callers allowed to wait at once; more are turned away (call.exited reason full). */
  maxLen?: number;
  /** When an agent serving several queues frees up, the highest priority queue is served first. */
  priority?: number;
  /** Campaign tags carried by some offered calls (numbers advertised by a campaign). */
  campaigns?: readonly string[];
}

export interface AgentSpec {
  name: string;
  /** Skills: the queues this agent answers. */
  queues: readonly string[];
  /** Local shift times, "HH:mm". */
  shift: { start: string; end: string };
  /** ISO weekdays worked (1 = Monday … 7 = Sunday); Monday to Friday when omitted. */
  days?: readonly number[];
}

export interface SimulationOptions {
  tenant: string;
  /** PRNG seed: the same seed, start and options always yield the same events. Default 1. */
  seed?: number;
  /** IANA timezone of the contact centre: shifts and the daily arrival curve are local. Default Europe/Rome. */
  timezone?: string;
  queues?: readonly QueueSpec[];
  agents?: readonly AgentSpec[];
  /** Multiplies call volumes and adds agents (same shifts, distinct names) to keep service similar. Default 1. */
  scale?: number;
}

export type Publish = (events: CallEventInput[]) => Promise<void>;
