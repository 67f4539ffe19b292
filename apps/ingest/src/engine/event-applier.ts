/**
 * Applies an accepted, new event: to its tenant's state at the wall time of its processing
 * sequence, and to the pending batch as an `events` row carrying that sequence; counts what it applied.
 */
import type { CallEvent, TenantLive } from '@callboard/metrics';
import { eventLine } from '../store/rows.ts';
import type { Batcher } from './batcher.ts';
import { applyAt } from './replay.ts';
import type { EngineStats } from './stats.ts';
import type { TenantState } from './tenant-state.ts';

export class EventApplier {
  private lastSeq = 0;
  /** Events applied per type since `count()`: a labelled counter per event costs more than the reducer does. */
  private applied: Record<string, number> = {};

  constructor(
    private readonly batcher: Pick<Batcher, 'addEvent'>,
    private readonly retention: (tenant: string) => number,
    private readonly stats: EngineStats,
    /** Called after each event is applied, with the reducer it went to (benchmarks measure publish-to-live with it). */
    private readonly onApplied: (ev: CallEvent, reducer: TenantLive) => void,
  ) {}

  apply(state: TenantState, ev: CallEvent, text: string): void {
    const seq = this.nextSeq();
    const reducer = applyAt(state, ev, seq);
    // The event is stored as received (it validated); replay validates it again.
    this.batcher.addEvent(eventLine(ev, seq, this.retention(ev.tenant), text));
    this.applied[ev.type] = (this.applied[ev.type] ?? 0) + 1;
    this.onApplied(ev, reducer);
  }

  /** Adds what was applied since the last call to the events counter (once per pull). */
  count(): void {
    for (const [type, n] of Object.entries(this.applied)) this.stats.events.inc({ type }, n);
    this.applied = {};
  }

  /**
   * Processing order, stored with each event so that a restart replays events in the order they
   * were applied (a redelivery after a crash can be applied long after its stream neighbours, and
   * the live state and stored facts reflect that order). Microseconds of wall time, kept monotonic.
   */
  private nextSeq(): number {
    this.lastSeq = Math.max(Date.now() * 1000, this.lastSeq + 1);
    return this.lastSeq;
  }
}
