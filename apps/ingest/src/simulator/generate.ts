/** Deterministic, pure event generation: one local day as a sorted array, or an endless stream for benchmarks. */
import type { CallEventInput } from '@callboard/metrics';
import { DEFAULT_AGENTS, DEFAULT_QUEUES, DEFAULT_TIMEZONE } from './defaults.ts';
import { TrafficEngine } from './traffic-engine.ts';
import type { EngineConfig } from './engine-model.ts';
import { createLocalClock } from './local-clock.ts';
import type { SimulationOptions } from './types.ts';

export interface GenerateDayOptions extends SimulationOptions {
  seed: number;
  /** Local date, YYYY-MM-DD, in `timezone`. */
  date: string;
  timezone: string;
  /** Start of the simulated window, epoch ms; default local midnight starting `date`. */
  fromMs?: number;
  /** No new calls at or after this, epoch ms; default the next local midnight. Calls already in progress still complete. */
  toMs?: number;
}

export interface GenerateEventsOptions extends SimulationOptions {
  /** How many events to yield. */
  count: number;
  /** First simulated local day, YYYY-MM-DD; default today in `timezone`. Days follow one another without end. */
  date?: string;
  /** Start, epoch ms; overrides `date`. */
  fromMs?: number;
}

/** Every event of the calls offered in one local day (or window of it), sorted by ts. Same options → same events. */
export function generateDay(opts: GenerateDayOptions): CallEventInput[] {
  const clock = createLocalClock(opts.timezone);
  const dayStart = clock.dateStart(opts.date);
  const engine = new TrafficEngine(engineConfig(opts, opts.fromMs ?? dayStart, opts.toMs ?? clock.nextDayStart(dayStart)));
  const out: CallEventInput[] = [];
  while (engine.step(out));
  return out;
}

/** A lazy stream of `count` events in ts order, day after day; no large array is built. */
export function* generateEvents(opts: GenerateEventsOptions): Generator<CallEventInput, void, undefined> {
  const timezone = opts.timezone ?? DEFAULT_TIMEZONE;
  const clock = createLocalClock(timezone);
  const start = opts.fromMs ?? (opts.date ? clock.dateStart(opts.date) : clock.dayStart(Date.now()));
  const engine = new TrafficEngine(engineConfig({ ...opts, timezone }, start, Number.POSITIVE_INFINITY));
  const buf: CallEventInput[] = [];
  let left = opts.count;
  while (left > 0) {
    buf.length = 0;
    if (!engine.step(buf)) return;
    for (let i = 0; i < buf.length && left > 0; i++, left--) yield buf[i];
  }
}

export function engineConfig(opts: SimulationOptions, startMs: number, stopMs: number): EngineConfig {
  return {
    tenant: opts.tenant,
    seed: opts.seed ?? 1,
    timezone: opts.timezone ?? DEFAULT_TIMEZONE,
    queues: opts.queues ?? DEFAULT_QUEUES,
    agents: opts.agents ?? DEFAULT_AGENTS,
    scale: opts.scale ?? 1,
    startMs,
    stopMs,
  };
}
