/** The real-time simulator: a timer advances a simulated clock and publishes the events that fell due. */
import type { CallEventInput } from '@callboard/metrics';
import { TrafficEngine } from './traffic-engine.ts';
import { engineConfig } from './generate.ts';
import type { Publish, SimulationOptions } from './types.ts';

/** Events held while publishing fails; beyond this the oldest are dropped (and reported) so memory stays flat. */
const MAX_BACKLOG = 100_000;
/** At most this many events per publish: a filled morning goes out in steps, not one huge request. */
const MAX_BATCH = 5_000;

export interface SimulatorOptions extends SimulationOptions {
  /** Time multiplier: simulated ms per real ms while the simulation is behind the real time. Default 1. */
  speed?: number;
  /** Simulated time at start(), epoch ms; default the real time at start(). */
  startAt?: number;
  /**
   * Simulate from this earlier time (epoch ms) and publish what happened since at once, on the first tick, then
   * go on in real time: a demo started at 11:00 shows the morning already, not an empty day.
   */
  fillFrom?: number;
  /** Real ms between ticks. Default 250. */
  tickMs?: number;
  publish: Publish;
  /** A failed publish is retried on the next tick; this hears about it. Default: print to stderr. */
  onError?: (err: unknown) => void;
}

export interface Simulator {
  start(): void;
  /** Stops the timer and waits for the batch being published. */
  stop(): Promise<void>;
}

export class SimulatorBacklogError extends Error {
  readonly code = 'SIMULATOR_BACKLOG';
  constructor(readonly dropped: number, options?: { cause?: unknown }) {
    super(`publishing keeps failing: dropped the ${dropped} oldest simulated events`, options);
    this.name = 'SimulatorBacklogError';
  }
}

/**
 * :NOTE: the simulated clock never runs ahead of the real one (the engine dead-letters events stamped more than
 * its clock skew ahead); a speed > 1 matters when the simulation starts in the past (startAt, fillFrom).
 */
export function createSimulator(opts: SimulatorOptions): Simulator {
  const speed = opts.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  const tickMs = opts.tickMs ?? 250;
  const onError = opts.onError ?? ((err: unknown) => console.error('simulator: publish failed, will retry:', err));
  let engine: TrafficEngine | null = null;
  let timer: NodeJS.Timeout | null = null;
  let realStart = 0;
  let simStart = 0;
  /** Simulated time reached so far: a stopped simulator resumes from here. */
  let simAt = 0;
  let backlog: CallEventInput[] = [];
  let inFlight: Promise<void> | null = null;

  const tick = (): void => {
    if (!engine || inFlight) return; // one publish at a time keeps events in order
    // Never ahead of the real clock: the engine refuses events stamped beyond its clock skew (a speed > 1 catches
    // up on the past faster, then runs in real time).
    simAt = Math.min(simStart + (Date.now() - realStart) * speed, Math.max(simStart, Date.now()));
    engine.runUntil(simAt, backlog);
    if (backlog.length > MAX_BACKLOG) {
      const dropped = backlog.length - MAX_BACKLOG;
      backlog = backlog.slice(dropped);
      onError(new SimulatorBacklogError(dropped));
    }
    if (backlog.length === 0) return;
    const batch = backlog.length > MAX_BATCH ? backlog.slice(0, MAX_BATCH) : backlog;
    backlog = backlog.length > MAX_BATCH ? backlog.slice(MAX_BATCH) : [];
    inFlight = opts.publish(batch)
      .catch((err: unknown) => {
        backlog = batch.concat(backlog);
        onError(err);
      })
      .finally(() => {
        inFlight = null;
      });
  };

  return {
    start() {
      if (timer) return;
      realStart = Date.now();
      simStart = engine ? simAt : opts.startAt ?? realStart;
      engine ??= new TrafficEngine(engineConfig(opts, Math.min(opts.fillFrom ?? simStart, simStart), Number.POSITIVE_INFINITY));
      timer = setInterval(tick, tickMs);
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await inFlight;
    },
  };
}
