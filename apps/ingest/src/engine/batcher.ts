/**
 * Gathers what the engine accepted into batches and commits them: a batch is written (events,
 * dead letters, and the facts and intervals emitted so far) by size or age, whichever first, one
 * commit in flight at a time while the next batch grows; transient failures are retried; the batch
 * is acked (one cumulative ack) only once stored, and never after a batch left unstored.
 */
import type { Emitted } from '@callboard/metrics';
import type { Logger } from 'pino';
import type { BusMessage } from '@callboard/bus';
import type { Repository } from '../store/repository.ts';
import { TsvLines, type DeadLetterRow } from '../store/rows.ts';
import { BatchCommit } from './committer.ts';
import type { EngineStats } from './stats.ts';
import type { StorageRetry } from './storage-retry.ts';
import { notStoredYet } from './stored-again.ts';
import type { Drained } from './tenant-state.ts';

export interface BatchOptions {
  /** Commit when this many events are pending. */
  batchSize: number;
  /** Commit at most this long after the first pending event (or once the previous commit is written), ms. */
  flushMs: number;
}

interface Batch {
  /** Messages in the batch. */
  count: number;
  /** Its message with the highest stream sequence: one cumulative ack on it covers the batch. */
  last: BusMessage | null;
  /** `events` rows as TabSeparated lines. */
  events: TsvLines;
  dead: DeadLetterRow[];
  /** When its first message came, ms. */
  since: number;
  /** Re-imports applied in this batch (EventDedupe keys), remembered as unstored until it is stored. */
  unstored: string[];
}

const fresh = (): Batch => ({ count: 0, last: null, events: new TsvLines(), dead: [], since: 0, unstored: [] });

/** The state `commitDue` decides on. */
export interface BatchState {
  /** Messages pending. */
  count: number;
  /** Since the first of them, ms. */
  ageMs: number;
  /** Facts or intervals wait to be stored (settled by time alone, in a quiet spell). */
  emitted: boolean;
  /** The previous commit is still being written. */
  writing: boolean;
}

/**
 * Commit now? By size or age; with nothing pending, when facts settled. While the previous commit
 * is written, live state does not wait for ClickHouse: the next batch grows instead (bigger inserts
 * are cheaper), up to twice the batch size, then the consumer waits.
 */
export function commitDue(s: BatchState, o: BatchOptions): boolean {
  const due = s.count > 0 ? s.count >= o.batchSize || s.ageMs >= o.flushMs : s.emitted;
  return due && (!s.writing || s.count >= 2 * o.batchSize);
}

export interface BatcherDeps {
  repo: Repository;
  storage: StorageRetry;
  stats: EngineStats;
  log: Logger;
  retention: (tenant: string) => number;
  /** Facts and intervals emitted since the last drain, by every tenant's reducers (`earlier`: the backfill reducers'). */
  drain: () => Drained;
  /** True when facts or intervals wait to be drained. */
  emitted: () => boolean;
  /** These re-imports are stored now. */
  onStored: (unstored: string[]) => void;
}

export class Batcher {
  private batch = fresh();
  private inflight: Promise<void> = Promise.resolve();
  private writing = false;
  /** Reads in progress that must see every fact either in live state or in storage (holdingFacts). */
  private readers = 0;
  /** Commits whose facts or intervals were drained from live state and are not written yet. */
  private unwritten = 0;
  /**
   * A batch was left unstored at shutdown: no later batch may be acked, as its cumulative ack
   * would cover the unstored messages too.
   */
  private abandoned = false;

  constructor(private readonly deps: BatcherDeps, private readonly options: BatchOptions) {}

  /** Messages pending. */
  get count(): number {
    return this.batch.count;
  }

  /** These messages belong to the batch (whatever becomes of each: event, duplicate or dead letter). */
  received(msgs: readonly BusMessage[], now: number): void {
    const b = this.batch;
    if (b.count === 0) b.since = now;
    for (const msg of msgs) {
      b.count++;
      if (!b.last || msg.seq > b.last.seq) b.last = msg;
    }
  }

  /** An `events` line. */
  addEvent(line: string): void {
    this.batch.events.push(line);
  }

  /** A re-import applied in this batch (its EventDedupe key), handed to `onStored` once the batch is stored. */
  addUnstored(key: string): void {
    this.batch.unstored.push(key);
  }

  addDead(row: DeadLetterRow): void {
    this.batch.dead.push(row);
  }

  /** Nothing in the pending batch may be acked any more (a storage look-up was given up at shutdown). */
  abandon(): void {
    this.abandoned = true;
  }

  /** Commits the pending batch when `commitDue` says so. */
  async commitIfDue(now = Date.now()): Promise<void> {
    const b = this.batch;
    const state = { count: b.count, ageMs: now - b.since, emitted: b.count === 0 && this.readers === 0 && this.deps.emitted(), writing: this.writing };
    if (commitDue(state, this.options)) await this.commit();
  }

  /** Store the pending batch (events, then facts and intervals emitted so far), then ack it; returns once its write began. */
  async commit(): Promise<void> {
    const batch = this.batch;
    this.batch = fresh();
    // While a report reads, facts stay in live state (see holdingFacts); events are stored as ever.
    const emitted = this.readers > 0 ? { facts: [], intervals: [], earlier: { facts: [], intervals: [] } } : this.deps.drain();
    const none = (e: Emitted) => e.facts.length === 0 && e.intervals.length === 0;
    if (batch.count === 0 && none(emitted) && none(emitted.earlier)) return;
    const rows = !none(emitted) || !none(emitted.earlier);
    if (rows) this.unwritten++;
    // :NOTE: one commit in flight at a time, overlapping with the next fetch; acks follow their own commit.
    await this.inflight;
    this.writing = true;
    // write() never rejects: a commit given up at shutdown is logged there and left unacked.
    this.inflight = this.write(batch, emitted).finally(() => {
      this.writing = false;
      if (rows) this.unwritten--;
    });
  }

  /**
   * Runs `read` while no fact moves between live state and storage: commits drained before it are written first, and
   * none drains facts until it ends. A report that adds live state's legs to the stored facts (so today agrees with
   * the wallboard) then counts every leg once: without it, a leg drained but not yet written was in neither, and one
   * written while the report's SELECT ran was in both. Reports take well under a second; facts wait that long.
   */
  async holdingFacts<T>(read: () => Promise<T>): Promise<T> {
    this.readers++;
    try {
      while (this.unwritten > 0) await this.inflight.then(() => new Promise((r) => setImmediate(r)));
      return await read();
    } finally {
      this.readers--;
    }
  }

  /** Resolves once the commit in flight is written (or given up). */
  settled(): Promise<void> {
    return this.inflight;
  }

  private async write(batch: Batch, emitted: Drained): Promise<void> {
    // An earlier batch was left unstored: this one's cumulative ack would ack it too.
    if (this.abandoned) return;
    const { repo, storage, stats, log } = this.deps;
    const t0 = performance.now();
    let commit: BatchCommit;
    try {
      const earlier = await this.notStoredYet(emitted.earlier);
      const rows = { facts: [...emitted.facts, ...earlier.facts], intervals: [...emitted.intervals, ...earlier.intervals] };
      commit = new BatchCommit(repo, { events: batch.events, dead: batch.dead, ...rows }, this.deps.retention);
      await storage.run(() => commit.run(), 'commit to ClickHouse failed; retrying');
    } catch (err) {
      // :NOTE: never ack what is not stored: the bus delivers the batch again at the next start.
      this.abandoned = true;
      log.error({ err, messages: batch.count }, 'stopping with a batch not stored in ClickHouse: left unacked for redelivery');
      return;
    }
    if (commit.rejected.length) {
      stats.deadLetters.inc(commit.rejected.length);
      stats.storageRejected.inc(commit.rejected.length);
      log.warn({ rows: commit.rejected.length, statementsRefused: commit.refusals, first: commit.rejected[0].reason },
        'rows refused by ClickHouse are dead letters; the rest of the batch is stored');
    }
    else if (commit.refusals) log.info({ statementsRefused: commit.refusals, ms: Math.round(performance.now() - t0) }, 'batch stored in parts (it spanned too many partitions)');
    if (commit.lostDeadLetters.length) log.error({ lost: commit.lostDeadLetters.slice(0, 5) }, 'dead letters refused by ClickHouse: not stored');
    this.deps.onStored(batch.unstored);
    // One cumulative ack for the batch, on its highest sequence: every message before it was
    // committed by now (batches commit in delivery order; a redelivered one was first delivered earlier).
    batch.last?.ack();
    stats.batchSize.observe(batch.count);
    stats.batchSeconds.observe((performance.now() - t0) / 1000);
  }

  /** The backfill reducers' rows that storage does not hold yet (stored-again.ts); the others are counted and left out. */
  private async notStoredYet(earlier: Emitted): Promise<Emitted> {
    if (earlier.facts.length === 0 && earlier.intervals.length === 0) return earlier;
    const { repo, storage, stats, log } = this.deps;
    let out: Emitted = earlier;
    await storage.run(async () => {
      const { rows, skipped } = await notStoredYet(repo, earlier);
      if (skipped > 0) {
        stats.storedAgain.inc(skipped);
        log.info({ skipped, facts: earlier.facts.length - rows.facts.length }, 'backfill rows stored already (a re-import with other event ids): not written again');
      }
      out = rows;
    }, 'looking up a backfill\'s rows in ClickHouse failed; retrying');
    return out;
  }
}
