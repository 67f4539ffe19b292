/**
 * The engine: pulls events from the bus and passes each through collaborators with one job each —
 * EventIntake (parse, validate, time bounds → accepted or dead letter), EventDedupe (new or
 * duplicate), EventApplier (to its TenantState and the batch), Batcher (commit by size or age,
 * retried, acked once stored), Replay (rebuild from storage at start, reconcile), SettingsRebuild.
 */
import { Consumers, Streams, Subjects } from '@callboard/nats';
import { callContext, type CallContext, type CallEvent, type TenantLive } from '@callboard/metrics';
import type { Logger } from 'pino';
import type { BusMessage, EventBus, PullConsumer } from '@callboard/bus';
import type { Repository } from '../store/repository.ts';
import { Batcher, type BatchOptions } from './batcher.ts';
import { CommitAbandonedError } from './committer.ts';
import { EventDedupe, type Deferred } from './dedupe.ts';
import { EventApplier } from './event-applier.ts';
import { EventIntake } from './event-intake.ts';
import { Replay } from './replay.ts';
import { SettingsRebuild } from './settings-rebuild.ts';
import type { EngineStats } from './stats.ts';
import { StorageRetry } from './storage-retry.ts';
import type { TenantState } from './tenant-state.ts';
import { TenantStates } from './tenant-states.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';

export interface EngineOptions extends BatchOptions {
  /** How far ahead of the engine's clock an event's ts may lie, ms; further: dead letter. */
  maxSkewMs: number;
}

/** Messages per pull: small enough that applying one pull overlaps the delivery of the next. */
const PULL_MAX = 2000;

export class Engine {
  private readonly tenantStates: TenantStates;
  /** Per tenant: the live reducer, the backfill reducers for late data, the deduper. */
  readonly states: ReadonlyMap<string, TenantState>;
  /** Called after each event is applied to live state (benchmarks measure publish-to-live with it). */
  onApplied: ((ev: CallEvent) => void) | null = null;
  /**
   * Hands each newly accepted event on (callbacks: missed calls, callers served again) with its call as live state
   * knows it after the event (the caller is only on call.offered; legs are rebuilt at a restart); replays do not call it.
   */
  onAccepted: ((ev: CallEvent, call: CallContext | null) => void) | null = null;
  ready = false;
  private consumer: PullConsumer | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private readonly storage: StorageRetry;
  private readonly intake: EventIntake;
  private readonly dedupe: EventDedupe;
  private readonly batcher: Batcher;
  private readonly replay: Replay;
  private readonly settings: SettingsRebuild;
  private readonly applier: EventApplier;
  /** Messages per pull. */
  private readonly pullSize: number;

  constructor(
    private readonly bus: EventBus,
    repo: Repository,
    tenants: TenantRegistry,
    private readonly log: Logger,
    private readonly stats: EngineStats,
    options: EngineOptions,
  ) {
    const retention = (tenant: string) => tenants.get(tenant)?.settings.retentionDays ?? 396;
    const states = this.tenantStates = new TenantStates(tenants, log);
    this.states = states.byTenant;
    this.storage = new StorageRetry(stats, log);
    this.intake = new EventIntake(options.maxSkewMs, (tenant) => states.stateFor(tenant), (row) => {
      this.batcher.addDead(row);
      stats.deadLetters.inc();
    }, log);
    this.dedupe = new EventDedupe(repo, this.storage, log);
    this.batcher = new Batcher({
      repo, storage: this.storage, stats, log, retention,
      drain: () => states.drain(), emitted: () => states.hasEmitted, onStored: (keys) => this.dedupe.forget(keys),
    }, options);
    this.applier = new EventApplier(this.batcher, retention, stats, (ev, reducer) => {
      this.onApplied?.(ev);
      if (this.onAccepted) this.onAccepted(ev, callContext(reducer, ev));
    });
    this.replay = new Replay({ repo, tenants, log, retention, maxSkewMs: options.maxSkewMs });
    this.settings = new SettingsRebuild(tenants, states.byTenant);
    this.pullSize = Math.max(1, Math.min(PULL_MAX, options.batchSize));
  }

  /** Consecutive failed attempts to write to ClickHouse (0: storage is fine; /readyz reads it). */
  get storageFailures(): number {
    return this.storage.failures;
  }

  /** The tenant's live state (today): what browsers see. */
  live(tenant: string): TenantLive | undefined {
    return this.states.get(tenant)?.live;
  }

  /** Runs a read of live state plus stored facts with no fact moving between the two meanwhile (Batcher.holdingFacts). */
  holdingFacts<T>(read: () => Promise<T>): Promise<T> {
    return this.batcher.holdingFacts(read);
  }

  async start(): Promise<void> {
    await this.bus.ensureStream(Streams.events);
    const now = Date.now();
    for (const tenant of await this.replay.tenantsToRebuild(now)) await this.rebuildTenant(tenant, now);
    this.consumer = await this.bus.consumer({ ...Consumers.engine, filterSubject: Subjects.allEvents });
    this.running = true;
    this.ready = true;
    this.loop = this.consume();
    this.ticker = setInterval(() => this.tenantStates.advance(Date.now()), 500);
  }

  /**
   * Stop consuming, commit what is pending, wait for the last commit. While storage fails, a commit
   * is retried for STOP_GRACE_MS, then left unacked (the bus delivers it again at the next start).
   */
  async stop(): Promise<void> {
    this.running = false;
    this.storage.stop();
    if (this.ticker) clearInterval(this.ticker);
    await this.loop;
    // Calls that ended in the last seconds are final: stored now, not left for the next start to restore.
    this.tenantStates.emitFinished();
    await this.flush();
  }

  async lag(): Promise<number> {
    return this.consumer ? this.consumer.pending() : 0;
  }

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
        await this.batcher.commitIfDue();
        if (this.settings.due && this.batcher.count === 0) await this.settings.run(() => this.flush(), (t) => this.rebuildTenant(t, Date.now()));
      } catch (err) {
        // :NOTE: not one event's fault (those are dead-lettered in accept): storage unreachable at
        // shutdown (nothing pending may be acked any more), or a rebuild that could not read storage.
        if (err instanceof CommitAbandonedError) this.batcher.abandon();
        this.log.error({ err }, err instanceof CommitAbandonedError ? 'stopping with messages not stored: left unacked for redelivery' : 'consumer loop step failed; going on');
        if (this.running) await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private pull(): Promise<BusMessage[]> {
    return this.consumer!.fetch(this.pullSize, 200);
  }

  private async accept(msgs: BusMessage[]): Promise<void> {
    const now = Date.now();
    this.batcher.received(msgs, now);
    const deferred: Deferred<BusMessage>[] = [];
    for (const msg of msgs) {
      // Per-event isolation: whatever one event throws makes it a dead letter; the batch goes on.
      this.intake.isolated(msg, now, () => {
        const got = this.intake.read(msg, now);
        if (!got.ok) return this.intake.refuse(msg, got.tenant, got.reason, now);
        const verdict = this.dedupe.check(got.state, got.ev, deferred.length > 0);
        if (verdict === 'defer') deferred.push({ ...got, msg });
        else if (verdict === 'duplicate') this.stats.duplicates.inc();
        else this.applier.apply(got.state, got.ev, got.text);
      });
    }
    const verdicts = deferred.length ? await this.dedupe.settle(deferred) : [];
    deferred.forEach(({ ev, text, msg, state }, i) => {
      const v = verdicts[i];
      if (!v.fresh) return this.stats.duplicates.inc();
      this.intake.isolated(msg, now, () => {
        if (v.unstored) this.batcher.addUnstored(v.unstored);
        this.applier.apply(state, ev, text);
      });
    });
    this.applier.count();
  }

  /** Rebuild one tenant from storage and swap its state in (a tenant no longer configured keeps what it had). */
  private async rebuildTenant(tenant: string, now: number): Promise<void> {
    const state = await this.replay.tenant(tenant, now);
    if (!state) return;
    this.tenantStates.byTenant.set(tenant, state);
  }

  /** Commit what is pending and wait until it is written. */
  private async flush(): Promise<void> {
    await this.batcher.commit();
    await this.batcher.settled();
  }
}
