/**
 * The engine: consumes events from the bus, de-duplicates them, applies them to each tenant's live
 * state and commits raw events, call facts and agent intervals to ClickHouse in batches (by size
 * or time, whichever first); a batch is acked (one cumulative ack) only after its rows are stored. At start
 * it rebuilds live state by replaying today's and yesterday's events from ClickHouse.
 */
import { Consumers, Streams, Subjects } from '@callboard/nats';
import { dayWindow, TenantLive, validateLine, windowOfDay, type CallEvent, type Emitted } from '@callboard/metrics';
import type { Logger } from 'pino';
import type { BusMessage, EventBus, PullConsumer } from '@callboard/bus';
import type { Repository } from '../store/repository.ts';
import { chTime, eventLine, intervalKey, TsvLines, type DeadLetterRow } from '../store/rows.ts';
import { classifyStorageError } from '../store/storage-errors.ts';
import { BatchCommit, CommitAbandonedError, retryTransient, type RetryOptions } from './committer.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import type { EngineStats } from './stats.ts';
import { BACKFILL_REPLAY_MS, LATE_MS, TenantState } from './tenant-state.ts';
import { replayEvents } from './replay-events.ts';

export interface EngineOptions {
  /** Commit when this many events are pending. */
  batchSize: number;
  /** Commit at most this long after the first pending event (or once the previous commit is written), ms. */
  flushMs: number;
  /** How far ahead of the engine's clock an event's ts may lie, ms; further: dead letter. */
  maxSkewMs: number;
}

interface Pending {
  /** Messages in the batch. */
  count: number;
  /** Its message with the highest stream sequence: one cumulative ack on it covers the batch. */
  last: BusMessage | null;
  /** `events` rows as TabSeparated lines. */
  events: TsvLines;
  dead: DeadLetterRow[];
  since: number;
  /** Keys (tenantKey) of re-import events applied in this batch, in `unstored` until it is stored. */
  oldKeys: string[];
}

/** Once stopping, how long a failing commit is retried before it is left unacked for the bus to redeliver, ms. */
const STOP_GRACE_MS = 5_000;
const tenantKey = (tenant: string, id: string) => `${tenant}\u0000${id}`;

/** Messages per pull: small enough that applying one pull overlaps the delivery of the next. */
const PULL_MAX = 2000;
const dec = new TextDecoder();
const enc = new TextEncoder();

export class Engine {
  /** Per tenant: the live reducer, the backfill reducers for late data, the deduper. */
  readonly states = new Map<string, TenantState>();
  private consumer: PullConsumer | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private inflight: Promise<void> = Promise.resolve();
  /** A commit is being written: events keep being applied to live state and gather for the next one. */
  private writing = false;
  private pending: Pending = fresh();
  /** Tenants whose settings changed: their live state is rebuilt between batches. */
  private readonly rebuild = new Set<string>();
  private ticker: NodeJS.Timeout | null = null;
  /** When stop() was called (0: running). */
  private stoppingSince = 0;
  private wakeStop: () => void = () => {};
  private readonly stopSignal = new Promise<void>((r) => { this.wakeStop = r; });
  /**
   * A batch was left unstored at shutdown: no later batch may be acked, as its cumulative ack
   * would cover the unstored messages too.
   */
  private abandoned = false;
  /**
   * Re-import events (older than the dedupe horizon, checked against storage) applied to live
   * state but not stored yet: while commits fail, the bus redelivers them, and storage alone would
   * not know them for duplicates.
   */
  private readonly unstored = new Set<string>();
  /** Consecutive failed attempts to write to ClickHouse (0: storage is fine). */
  storageFailures = 0;
  /** Called after each event is applied to live state (benchmarks measure publish-to-live with it). */
  onApplied: ((ev: CallEvent) => void) | null = null;
  /** Hands each newly accepted event on (callbacks: missed calls, callers served again); replays do not call it. */
  onAccepted: ((ev: CallEvent) => void) | null = null;
  ready = false;

  constructor(
    private readonly bus: EventBus,
    private readonly repo: Repository,
    private readonly tenants: TenantRegistry,
    private readonly log: Logger,
    private readonly stats: EngineStats,
    private readonly options: EngineOptions,
  ) {
    // New thresholds or a new timezone change every total of the day: rebuild that tenant's state.
    tenants.onChange((t) => {
      const live = this.states.get(t.id);
      if (live && JSON.stringify(live.settings) !== JSON.stringify(t.settings)) this.rebuild.add(t.id);
    });
  }

  /** The tenant's live state (today): what browsers see. */
  live(tenant: string): TenantLive | undefined {
    return this.states.get(tenant)?.live;
  }

  private stateFor(tenant: string): TenantState | undefined {
    let state = this.states.get(tenant);
    if (!state) {
      const t = this.tenants.get(tenant);
      if (!t) return undefined;
      state = new TenantState(tenant, t.settings, Date.now());
      this.states.set(tenant, state);
    }
    return state;
  }

  async start(): Promise<void> {
    await this.bus.ensureStream(Streams.events);
    await this.bus.ensureStream(Streams.dead);
    await this.replay();
    this.consumer = await this.bus.consumer({ ...Consumers.engine, filterSubject: Subjects.allEvents });
    this.running = true;
    this.ready = true;
    this.loop = this.consume();
    this.ticker = setInterval(() => this.tick(), 500);
  }

  /**
   * Stop consuming, commit what is pending, wait for the last commit. While storage fails, a commit
   * is retried for STOP_GRACE_MS, then left unacked (the bus delivers it again at the next start).
   */
  async stop(): Promise<void> {
    this.running = false;
    this.stoppingSince = Date.now();
    this.wakeStop();
    if (this.ticker) clearInterval(this.ticker);
    await this.loop;
    // Calls that ended in the last seconds are final: stored now, not left for the next start to restore.
    for (const state of this.states.values()) state.emitFinished();
    await this.commit();
    await this.inflight;
  }

  // ---- start-up ----

  private async replay(): Promise<void> {
    const now = Date.now();
    const ids = new Set([...this.tenants.list().map((t) => t.id), ...(await this.repo.activeTenants(now - 3 * 86_400_000))]);
    for (const tenant of ids) await this.replayTenant(tenant, now);
  }

  /**
   * Rebuild one tenant's state from storage: the events stamped since yesterday (live state, dedupe
   * memory) and the late data applied lately (what backfill reducers may hold open), re-applied in
   * their stored processing order through the same routing, so each lands where it landed before.
   */
  private async replayTenant(tenant: string, now: number): Promise<void> {
    const t = this.tenants.get(tenant);
    if (!t) return;
    // Built aside and swapped in at the end: readers never see a half-built state.
    const state = new TenantState(tenant, t.settings, now);
    const tz = t.settings.timezone;
    const from = dayWindow(dayWindow(now, tz).start - 1, tz); // yesterday: the dedupe horizon
    const t0 = Date.now();
    const skew = { maxSkewMs: this.options.maxSkewMs };
    for (const payload of await this.repo.lastAgentStates(tenant, from.start, LATE_MS, tz)) {
      const v = validateLine(payload, { now, ...skew });
      if (v.ok) state.live.apply(v.event, v.event.ts);
    }
    let n = 0;
    // Late data older than the dedupe horizon was de-duplicated against storage when it came.
    const older = new Set<string>();
    for await (const row of replayEvents(this.repo, tenant, from.start, BACKFILL_REPLAY_MS)) {
      n++;
      // :NOTE: checked against the clock of its own processing time: a future-dated event stored before the
      // time bounds existed is not replayed into live state.
      const v = validateLine(row.payload, { now: Math.floor(row.seq / 1000), ...skew });
      if (!v.ok) continue;
      const ev = v.event;
      const fresh = state.deduper.beyondHorizon(ev.ts) ? !older.has(ev.id) && !!older.add(ev.id) : state.deduper.add(ev.id, ev.ts);
      if (fresh) applyAt(state, ev, row.seq);
    }
    state.advance(now);
    await this.reconcile(tenant, state.live.drain(), state.drainBackfills(), from.start, from.day);
    this.states.set(tenant, state);
    this.log.info({ tenant, events: n, backfills: state.backfills.length, ms: Date.now() - t0 }, 'live state rebuilt from ClickHouse');
  }

  /** Settings changed: store what is pending, then rebuild those tenants under the new settings. */
  private async rebuildChanged(): Promise<void> {
    await this.commit();
    await this.inflight;
    for (const tenant of [...this.rebuild]) {
      this.rebuild.delete(tenant);
      await this.replayTenant(tenant, Date.now());
    }
  }

  /**
   * After a crash between inserting events and their facts: store the facts replay re-derived but
   * storage lacks. Backfill reducers re-derive facts of earlier days: those are looked up on their
   * own days and the day before (a leg rebuilt without its first events can only move later).
   */
  private async reconcile(tenant: string, live: Emitted, backfill: Emitted, fromMs: number, fromDay: string): Promise<void> {
    const tz = this.tenants.get(tenant)?.settings.timezone ?? 'UTC';
    const earlier = (days: string[]) => [...new Set(days.flatMap((d) => [d, dayWindow(windowOfDay(d, tz).start - 1, tz).day]))].filter((d) => d < fromDay);
    const factDays = earlier(backfill.facts.map((f) => f.day));
    const intervalDays = earlier(backfill.intervals.map((i) => i.day));
    const facts = new Set([...await this.repo.factIdsSince(tenant, fromDay), ...await this.repo.factIdsOn(tenant, factDays)]);
    const intervals = new Set([...await this.repo.intervalKeysSince(tenant, fromDay), ...await this.repo.intervalKeysOn(tenant, intervalDays)]);
    const missingFacts = [...live.facts.filter((f) => f.day >= fromDay), ...backfill.facts].filter((f) => !facts.has(f.factId));
    const missingIntervals = [...live.intervals.filter((i) => i.startAt >= fromMs), ...backfill.intervals].filter((i) => !intervals.has(intervalKey(i)));
    await this.repo.insertFacts(missingFacts, this.retention);
    await this.repo.insertIntervals(missingIntervals, this.retention);
    const rollupKeys = await this.repo.reconcileRollup(tenant, fromDay);
    if (missingFacts.length || missingIntervals.length || rollupKeys) {
      // :NOTE: after a clean stop these are calls that settled while the engine was down (a wrap-up that ended, a
      // caller still waiting at the stop); after a crash also the rows of the commit it interrupted.
      this.log.info({ tenant, facts: missingFacts.length, intervals: missingIntervals.length, rollupKeys },
        'replay settled rows storage did not hold yet (calls that ended while the engine was down, or an interrupted commit): stored');
    }
  }

  private retention = (tenant: string) => this.tenants.get(tenant)?.settings.retentionDays ?? 396;

  // ---- consuming ----

  /**
   * One pull is always outstanding: the bus delivers the next messages while this batch is
   * applied (on NATS the server and the engine then work side by side instead of in turn).
   */
  private async consume(): Promise<void> {
    let next: Promise<BusMessage[]> | null = this.pull();
    while (next) {
      let msgs: BusMessage[];
      try {
        msgs = await next;
      } catch (err) {
        this.log.error({ err }, 'fetch failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
        next = this.running ? this.pull() : null;
        continue;
      }
      // Stopping: the outstanding pull is still applied and committed, never left unacked.
      next = this.running ? this.pull() : null;
      try {
        if (msgs.length) await this.accept(msgs);
        const n = this.pending.count;
        const due = n > 0
          ? n >= this.options.batchSize || Date.now() - this.pending.since >= this.options.flushMs
          : [...this.states.values()].some((l) => l.hasEmitted); // facts settled by time alone, in a quiet spell
        // While the previous commit is written, live state does not wait for ClickHouse: the next batch
        // grows instead (bigger inserts are cheaper), up to twice the batch size, then the loop waits.
        if (due && (!this.writing || n >= 2 * this.options.batchSize)) await this.commit();
        if (this.rebuild.size > 0 && this.pending.count === 0) await this.rebuildChanged();
      } catch (err) {
        // :NOTE: not one event's fault (those are dead-lettered in accept): storage unreachable at
        // shutdown (nothing pending may be acked any more), or a rebuild that could not read storage.
        if (err instanceof CommitAbandonedError) this.abandoned = true;
        this.log.error({ err }, err instanceof CommitAbandonedError ? 'stopping with messages not stored: left unacked for redelivery' : 'consumer loop step failed; going on');
        if (this.running) await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private pull(): Promise<BusMessage[]> {
    return this.consumer!.fetch(Math.max(1, Math.min(PULL_MAX, this.options.batchSize)), 200);
  }

  private async accept(msgs: BusMessage[]): Promise<void> {
    const now = Date.now();
    const pending = this.pending;
    if (pending.count === 0) pending.since = now;
    const old: { ev: CallEvent; text?: string; msg: BusMessage }[] = [];
    for (const msg of msgs) {
      pending.count++;
      if (!pending.last || msg.seq > pending.last.seq) pending.last = msg;
      // Per-event isolation: whatever one event throws makes it a dead letter; the batch goes on.
      this.isolated(msg, now, () => this.acceptOne(msg, now, old));
    }
    if (old.length) await this.acceptOld(old, now);
    // Counted once per fetch: a labelled counter per event costs more than the reducer does.
    for (const [type, n] of Object.entries(this.applied)) this.stats.events.inc({ type }, n);
    this.applied = {};
  }

  private acceptOne(msg: BusMessage, now: number, old: { ev: CallEvent; text?: string; msg: BusMessage }[]): void {
    const subjectTenant = Subjects.tenantOf(msg.subject);
    const text = dec.decode(msg.data);
    const v = validateLine(text, { now, maxSkewMs: this.options.maxSkewMs });
    if (!v.ok) { this.deadLetter(subjectTenant, msg, v.reason, now); return; }
    const ev = v.event;
    if (ev.tenant !== subjectTenant) {
      this.deadLetter(subjectTenant, msg, `tenant ${ev.tenant} does not match subject ${msg.subject}`, now);
      return;
    }
    const state = this.stateFor(ev.tenant);
    if (!state) { this.deadLetter(ev.tenant, msg, `tenant ${ev.tenant} is not configured`, now); return; }
    // From the first event older than the horizon on, the rest of the pull keeps its order behind it (acceptOld).
    if (old.length || state.deduper.beyondHorizon(ev.ts)) { old.push({ ev, text, msg }); return; }
    if (!state.deduper.add(ev.id, ev.ts)) { this.stats.duplicates.inc(); return; }
    this.applyOne(state, ev, text);
  }

  /** Runs `work` for one message; an exception makes the message a dead letter carrying the error, and goes no further. */
  private isolated(msg: BusMessage, now: number, work: () => void): void {
    try {
      work();
    } catch (err) {
      this.log.error({ err, subject: msg.subject, seq: msg.seq }, 'event failed in the engine: dead-lettered');
      try {
        this.deadLetter(Subjects.tenantOf(msg.subject), msg, `engine error: ${(err as Error)?.message ?? String(err)}`, now);
      } catch (deadErr) {
        this.log.error({ err: deadErr, subject: msg.subject, seq: msg.seq }, 'could not dead-letter the failed event: dropped');
      }
    }
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
  private lastSeq = 0;
  /** Bus messages (DeadLetterRow.ref) dead-lettered by this process (the latest 10,000). */
  private readonly deadRefs = new Set<string>();
  private applied: Record<string, number> = {};

  private applyOne(state: TenantState, ev: CallEvent, text?: string): void {
    const seq = this.nextSeq();
    applyAt(state, ev, seq);
    // The event is stored as received (it validated); replay validates it again.
    this.pending.events.push(eventLine(ev, seq, this.retention(ev.tenant), text));
    this.applied[ev.type] = (this.applied[ev.type] ?? 0) + 1;
    this.onApplied?.(ev);
    this.onAccepted?.(ev);
  }

  /**
   * Events older than the in-memory horizon (e.g. a re-read Asterisk log) are de-duplicated against
   * storage and against those applied but not stored yet (`unstored`: while commits fail, storage may
   * not answer either). From the first of them on, the rest of the pull waits for that look-up and then
   * everything applies in delivery order: a backfilled call straddling the horizon (offered the day
   * before yesterday, answered yesterday) keeps its offer before its answer.
   */
  private async acceptOld(rest: { ev: CallEvent; text?: string; msg: BusMessage }[], now: number): Promise<void> {
    const old = new Map<string, CallEvent[]>();
    for (const { ev } of rest) {
      if (!this.states.get(ev.tenant)!.deduper.beyondHorizon(ev.ts) || this.unstored.has(tenantKey(ev.tenant, ev.id))) continue;
      const list = old.get(ev.tenant);
      if (list) list.push(ev);
      else old.set(ev.tenant, [ev]);
    }
    const stored = new Map<string, Set<string>>();
    for (const [tenant, list] of old) stored.set(tenant, await this.storedIds(tenant, list));
    for (const { ev, text, msg } of rest) {
      const state = this.states.get(ev.tenant)!;
      const key = tenantKey(ev.tenant, ev.id);
      if (state.deduper.beyondHorizon(ev.ts)) {
        if (stored.get(ev.tenant)?.has(ev.id) || this.unstored.has(key)) { this.stats.duplicates.inc(); continue; }
        this.isolated(msg, now, () => {
          this.unstored.add(key);
          this.pending.oldKeys.push(key);
          this.applyOne(state, ev, text);
        });
      } else if (!state.deduper.add(ev.id, ev.ts)) {
        this.stats.duplicates.inc();
      } else {
        this.isolated(msg, now, () => this.applyOne(state, ev, text));
      }
    }
  }

  /** Which of these events storage holds; retried while storage is unreachable (the engine cannot tell a re-import from a duplicate meanwhile). */
  private async storedIds(tenant: string, events: CallEvent[]): Promise<Set<string>> {
    let minTs = Infinity;
    let maxTs = -Infinity;
    for (const ev of events) { minTs = Math.min(minTs, ev.ts); maxTs = Math.max(maxTs, ev.ts); } // not Math.min(...ts): 100k+ arguments overflow
    let stored = new Set<string>();
    await retryTransient(async () => {
      try {
        stored = await this.repo.storedEventIds(tenant, events.map((e) => e.id), minTs, maxTs);
      } catch (err) {
        // A query ClickHouse refuses for these ids will never pass: treat them as new rather than stall.
        if (classifyStorageError(err) === 'transient') throw err;
        this.log.warn({ err, tenant }, 'could not check re-imported events against storage; applying them');
      }
    }, this.retryOptions('duplicate check against ClickHouse failed; retrying'));
    return stored;
  }

  /** How storage failures are retried, reported (gauge, /readyz, log) and given up at shutdown. */
  private retryOptions(message: string): RetryOptions {
    return {
      onFailure: (err, failures) => {
        this.storageFailures = failures;
        this.stats.storageFailing.set(1);
        this.stats.storageFailures.set(failures);
        this.log.error({ err, failures }, message);
      },
      onRecovered: () => {
        this.storageFailures = 0;
        this.stats.storageFailing.set(0);
        this.stats.storageFailures.set(0);
        this.log.info('ClickHouse writes succeed again');
      },
      stopping: () => !this.running,
      giveUp: () => !this.running && Date.now() - this.stoppingSince >= STOP_GRACE_MS,
      wake: this.stopSignal,
    };
  }

  private deadLetter(tenant: string, msg: BusMessage, reason: string, now: number): void {
    // A redelivery of a message already dead-lettered here (nats-server < 2.10.14 can deliver again
    // after the ack) is not a second dead letter; storage skips one dead-lettered before a restart.
    const ref = `${msg.seq}@${msg.timestamp}`;
    if (this.deadRefs.has(ref)) return;
    this.deadRefs.add(ref);
    if (this.deadRefs.size > 10_000) this.deadRefs.delete(this.deadRefs.values().next().value!);
    const payload = dec.decode(msg.data).slice(0, 64_000);
    this.pending.dead.push({ tenant, received_at: chTime(now), source: msg.subject, reason, payload, ref });
    this.stats.deadLetters.inc();
    this.bus.publishCore(Subjects.dead(tenant || '_'), enc.encode(JSON.stringify({ reason, subject: msg.subject, payload })));
  }

  private tick(): void {
    const now = Date.now();
    for (const [tenant, state] of this.states) {
      // A timer callback that throws would end the process: one tenant's failure is logged instead.
      try {
        state.advance(now);
        state.deduper.advance(now);
      } catch (err) {
        this.log.error({ err, tenant }, 'advancing live state failed');
      }
    }
  }

  /** Store the pending batch (events, then facts and intervals emitted so far), then ack it. */
  private async commit(): Promise<void> {
    const batch = this.pending;
    this.pending = fresh();
    const emitted: Emitted = { facts: [], intervals: [] };
    for (const state of this.states.values()) {
      const out = state.drain(); // live and backfill reducers alike
      emitted.facts.push(...out.facts);
      emitted.intervals.push(...out.intervals);
    }
    if (batch.count === 0 && emitted.facts.length === 0 && emitted.intervals.length === 0) return;
    // :NOTE: one commit in flight at a time, overlapping with the next fetch; acks follow their own commit.
    await this.inflight;
    this.writing = true;
    // write() never rejects: a commit given up at shutdown is logged there and left unacked.
    this.inflight = this.write(batch, emitted).finally(() => { this.writing = false; });
  }

  private async write(batch: Pending, emitted: Emitted): Promise<void> {
    // An earlier batch was left unstored: this one's cumulative ack would ack it too.
    if (this.abandoned) return;
    const t0 = performance.now();
    const commit = new BatchCommit(this.repo, { events: batch.events, dead: batch.dead, facts: emitted.facts, intervals: emitted.intervals }, this.retention);
    try {
      await retryTransient(() => commit.run(), this.retryOptions('commit to ClickHouse failed; retrying'));
    } catch (err) {
      // :NOTE: never ack what is not stored: the bus delivers the batch again at the next start.
      this.abandoned = true;
      this.log.error({ err, messages: batch.count }, 'stopping with a batch not stored in ClickHouse: left unacked for redelivery');
      return;
    }
    if (commit.rejected.length) {
      this.stats.deadLetters.inc(commit.rejected.length);
      this.stats.storageRejected.inc(commit.rejected.length);
      this.log.warn({ rows: commit.rejected.length, statementsRefused: commit.refusals, first: commit.rejected[0].reason },
        'rows refused by ClickHouse are dead letters; the rest of the batch is stored');
    }
    else if (commit.refusals) this.log.info({ statementsRefused: commit.refusals, ms: Math.round(performance.now() - t0) }, 'batch stored in parts (it spanned too many partitions)');
    if (commit.lostDeadLetters.length) this.log.error({ lost: commit.lostDeadLetters.slice(0, 5) }, 'dead letters refused by ClickHouse: not stored');
    for (const key of batch.oldKeys) this.unstored.delete(key);
    // One cumulative ack for the batch, on its highest sequence: every message before it was
    // committed by now (batches commit in delivery order; a redelivered one was first delivered earlier).
    batch.last?.ack();
    this.stats.batchSize.observe(batch.count);
    this.stats.batchSeconds.observe((performance.now() - t0) / 1000);
  }

  async lag(): Promise<number> {
    return this.consumer ? this.consumer.pending() : 0;
  }
}

/**
 * Apply an event at the wall time its processing sequence records, running the timers due first;
 * the tenant state routes it to its live or a backfill reducer by that same wall time.
 */
function applyAt(state: TenantState, ev: CallEvent, seq: number): void {
  state.apply(ev, Math.floor(seq / 1000));
}

function fresh(): Pending {
  return { count: 0, last: null, events: new TsvLines(), dead: [], since: 0, oldKeys: [] };
}
