/**
 * One tenant's state in the engine: the live reducer (what browsers see: today, on the wall clock),
 * the backfill reducers (late data: a queue_log re-import, a PBX reconnecting after an outage, an
 * NDJSON backfill), the deduper, and the rule that sends each event to exactly one reducer.
 *
 * Why two kinds: a reducer's clock is its newest event time plus the wall time elapsed since. Fed
 * into the live reducer, a call from an earlier day is judged against today's clock: its offer is
 * dropped as lost (maxWaitMs long past), its answer starts a new leg with wait 0, its day moves.
 * A backfill reducer's clock is its own event watermark, so late calls are reduced exactly as a
 * fresh engine would reduce them. Backfill reducers emit facts and intervals for storage but never
 * feed live totals or snapshots.
 *
 * Routing (`route`), a function of the event, the wall time it is applied at (its stored `seq`)
 * and the reducers' state, which is itself built from earlier events in seq order — so a replay of
 * the stored events in seq order makes the same choices:
 *   1. a call event goes to the reducer that knows its leg (open, or emitted lately): the live one
 *      first, then the backfills — a call straddling midnight, or a late event of a live call, stays live;
 *   2. otherwise an event stamped on the live day (today, by the wall clock), or no more than
 *      LATE_MS behind the live reducer's present, goes live: today's data is live data, however
 *      late, and a PBX clock a little slow at midnight does not split the live agent states;
 *   3. otherwise (an earlier day, more than LATE_MS ago) to the first backfill reducer whose
 *      present it is not more than LATE_MS behind (a backfill runs forward in time);
 *   4. otherwise to a new backfill reducer (at most MAX_BACKFILLS; beyond, the least recently used
 *      one is flushed and dropped).
 * :NOTE: a known limit of rule 2: today's calls reaching an engine that is already live more than
 * maxWaitMs (4 h) late are still judged against the live clock (their offer is dropped as lost).
 * Sending them to a backfill would keep them off today's tiles, and split agents' states.
 */
import { DEFAULT_REDUCER_OPTIONS as O, Deduper, TenantLive, type CallEvent, type Emitted, type TenantSettings } from '@callboard/metrics';

/**
 * How far behind a reducer's present an event of an earlier day may be stamped and still be
 * applied there, ms (yesterday's last calls reaching the engine just after midnight stay live).
 * Well below the reducer's maxWaitMs (4 h), so an offer applied survives until its answer comes.
 */
export const LATE_MS = 3600_000;
/**
 * How long after its first event a backfill reducer may still hold a call, wall time: a leg is
 * dropped maxWaitMs after its offer or ended maxTalkMs after its answer, then waits for its wrap-up
 * and its emit grace, and a reducer's clock runs at least as fast as the wall clock. A restart
 * replays the late data applied within this long before the newest stored event, so that what a
 * backfill reducer held open when the engine stopped is rebuilt and stored (plus an hour's margin).
 */
export const BACKFILL_REPLAY_MS = O.maxWaitMs + O.maxTalkMs + O.wrapStartGraceMs + O.maxWrapMs + O.emitGraceMs + 3600_000;
/** Backfill reducers per tenant: one per stream of late data running at the same time (out-of-order days). */
export const MAX_BACKFILLS = 4;

/**
 * What the reducers emitted since the last drain. `earlier`: the backfill reducers' rows, which may already be
 * stored (a call re-imported with other event ids into a reducer that never saw it): checked before writing
 * (stored-again.ts). The live reducer's rows are new by construction (it remembers today's and yesterday's legs).
 */
export interface Drained extends Emitted {
  earlier: Emitted;
}

export class TenantState {
  readonly live: TenantLive;
  /** Least recently used first. */
  readonly backfills: TenantLive[] = [];
  readonly deduper: Deduper;
  /** Output of backfill reducers dropped to make room, waiting for the next drain. */
  private retired: Emitted = { facts: [], intervals: [] };

  constructor(readonly tenant: string, readonly settings: TenantSettings, now: number) {
    this.live = new TenantLive(tenant, settings);
    this.deduper = new Deduper(settings.timezone);
    this.deduper.advance(now);
  }

  /** Apply one de-duplicated event at the wall time its processing sequence records, timers due first. */
  apply(ev: CallEvent, wall: number): TenantLive {
    this.advance(wall);
    const target = this.route(ev, wall);
    target.apply(ev, wall);
    return target;
  }

  /** The reducer this event belongs to (see the file comment); creates a backfill reducer when none fits. */
  route(ev: CallEvent, wall: number): TenantLive {
    const leg = 'queue' in ev ? { callId: ev.callId, queue: ev.queue } : null;
    if (leg && this.live.knows(leg.callId, leg.queue)) return this.live;
    if (leg) for (const b of this.backfills) if (b.knows(leg.callId, leg.queue)) return this.use(b);
    if (ev.ts >= (this.live.day?.start ?? 0) || ev.ts >= this.live.now(wall) - LATE_MS) return this.live;
    for (const b of this.backfills) if (ev.ts >= b.now(wall) - LATE_MS) return this.use(b);
    if (this.backfills.length >= MAX_BACKFILLS) this.retire(this.backfills.shift()!);
    const b = new TenantLive(this.tenant, this.settings);
    this.backfills.push(b);
    return b;
  }

  /** Run every reducer's timers up to this wall time. */
  advance(wall: number): void {
    this.live.advance(wall);
    for (const b of this.backfills) b.advance(wall);
  }

  /** Every reducer emits its final legs now (a clean stop). */
  emitFinished(): void {
    this.live.emitFinished();
    for (const b of this.backfills) b.emitFinished();
  }

  /** True when facts or intervals wait to be drained. */
  get hasEmitted(): boolean {
    return this.live.hasEmitted || this.retired.facts.length > 0 || this.backfills.some((b) => b.hasEmitted);
  }

  /** Facts and intervals emitted since the last drain: the live reducer's, and the backfill reducers' (`earlier`). */
  drain(): Drained {
    return { ...this.live.drain(), earlier: this.drainBackfills() };
  }

  /** Facts and intervals emitted by the backfill reducers since the last drain. */
  drainBackfills(): Emitted {
    const out = this.retired;
    this.retired = { facts: [], intervals: [] };
    for (const b of this.backfills) {
      const o = b.drain();
      out.facts.push(...o.facts);
      out.intervals.push(...o.intervals);
    }
    return out;
  }

  private use(b: TenantLive): TenantLive {
    const i = this.backfills.indexOf(b);
    if (i < this.backfills.length - 1) this.backfills.push(...this.backfills.splice(i, 1));
    return b;
  }

  /** Settle what can be settled and keep its output: its open calls are lost, as after maxWaitMs. */
  private retire(b: TenantLive): void {
    b.flush();
    const o = b.drain();
    this.retired.facts.push(...o.facts);
    this.retired.intervals.push(...o.intervals);
  }
}
