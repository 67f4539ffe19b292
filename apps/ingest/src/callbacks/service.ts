/**
 * The callback service: callback requests in the KV bucket Buckets.callbacks (one key per tenant and
 * caller), changed only by compare-and-set on the key's revision — so a booking is exclusive across
 * engine instances — with every step's history appended to ClickHouse. It turns accepted call events
 * into steps (missed calls, callers served inbound, outbound callbacks), sweeps expired bookings and
 * requests past retention, and keeps every tenant's requests in memory (from a KV watch) for lists
 * and live figures.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { Buckets, CallbackKeys } from '@callboard/nats';
import { z } from 'zod';
import {
  applyStep, archive, campaignOfEntry, ArchivedCallbackRequest, callbackFigures, callbackSettings, CallbackRequest, historyRows, normaliseCaller, queueSettings, unarchive,
  type CallbackFigures, type CallbackSettings, type CallbackStep, type CallContext, type CallEvent, type NormalisedCaller,
} from '@callboard/metrics';
import { KvConflictError, type EventBus, type Kv, type KvWatchEvent } from '@callboard/bus';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import { CallbackHistoryStore } from './history-store.ts';
import { MissedCallMailer } from './mailer.ts';
import { CallbackPreferenceStore } from './preferences.ts';
import type { UserStore } from '../identity/users.ts';
import { CallbackBusyError, CallbackRefusedError } from './errors.ts';
import { parseCallbackKey, REQUEST_ID } from './keys.ts';
import { jsonCodec, KvCollection } from '../kv/kv-collection.ts';
import { CampaignStore } from './campaign-store.ts';

export interface StoredRequest {
  request: CallbackRequest;
  /** KV revision: the compare-and-set token. */
  revision: number;
}

/** A request changed: `before` is the previous revision this instance knew (undefined for a new request). */
export type ChangeListener = (tenant: string, before: CallbackRequest | undefined, after: StoredRequest) => void;

/** True when the change is a new missed call (a new request, a reopened one, or one more call on an open one); never a campaign entry. */
export function isNewMissedCall(before: CallbackRequest | undefined, after: CallbackRequest): boolean {
  if (after.campaign !== null) return false;
  return !before || after.cycle > before.cycle || after.numCalls > before.numCalls;
}

export interface CallbackServiceOptions {
  /** How often expired bookings and requests past retention are swept, ms (0: never; tests sweep by hand). */
  sweepMs: number;
  /** History rows are written this long after the first one queued, ms. */
  historyDelayMs?: number;
  /** E-mails per new missed call to users who opted in (SMTP_URL); absent: none sent. */
  mail?: { smtpUrl: string; from: string; users: UserStore };
}

/** How long an event's step is retried while the store fails, ms. */
const EVENT_RETRY_MS = 30_000;
/** Compare-and-set retries before a step gives up with 409. */
const MAX_CAS_TRIES = 50;

/** A KV value of the requests collection: a request, or what is left of one archived. */
const StoredValue = z.union([ArchivedCallbackRequest, CallbackRequest]);
type StoredValue = z.infer<typeof StoredValue>;
const codec = jsonCodec(StoredValue);

export class CallbackService {
  private readonly byTenant = new Map<string, Map<string, StoredRequest>>();
  /** Bumped per tenant on every change of its requests in memory: the live hub sends new figures then. */
  private readonly versions = new Map<string, number>();
  private events: Promise<void> = Promise.resolve();
  private unwatch: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping = false;
  private closing = false;
  readonly history: CallbackHistoryStore;
  /** Users' own callback preferences (e-mail per new missed call). */
  readonly preferences: CallbackPreferenceStore;
  readonly mailer: MissedCallMailer | null;
  /** Called on every new revision of a request, whichever instance wrote it (live pushes). */
  private readonly listeners = new Set<ChangeListener>();
  /** Counters for /metrics and tests. */
  readonly counts = { missedWithoutCaller: 0, eventFailures: 0, casRetries: 0 };

  /** Requests by tenant and caller key (CallbackKeys.request), their values zod-checked. */
  private readonly requests: KvCollection<StoredValue, [string, string], [string]>;

  private constructor(
    kv: Kv, ch: ClickHouseClient, private readonly tenants: TenantRegistry, private readonly log: Logger, options: CallbackServiceOptions,
    /** Outbound callback campaigns (seed 004): their entries are requests of this service. */
    readonly campaigns: CampaignStore,
  ) {
    this.history = new CallbackHistoryStore(ch, log, (t) => tenants.get(t)?.settings.retentionDays ?? 396, options.historyDelayMs);
    this.requests = new KvCollection(kv, CallbackKeys.request, codec);
    this.preferences = new CallbackPreferenceStore(kv);
    this.mailer = options.mail ? new MissedCallMailer(options.mail.smtpUrl, options.mail.from, options.mail.users, this.preferences, log, (t) => this.timezone(t)) : null;
    if (options.sweepMs > 0) {
      this.sweeper = setInterval(() => void this.sweep(Date.now()), options.sweepMs);
      this.sweeper.unref();
    }
  }

  static async open(deps: { bus: EventBus; ch: ClickHouseClient; tenants: TenantRegistry; log: Logger }, options: CallbackServiceOptions): Promise<CallbackService> {
    const kv = await deps.bus.kv(Buckets.callbacks);
    const svc = new CallbackService(kv, deps.ch, deps.tenants, deps.log, options, await CampaignStore.open(kv, deps.log));
    // Watch first, then load: a change during the load is applied by revision, whichever comes second.
    svc.unwatch = await svc.requests.kv.watch((e) => svc.onWatch(e));
    // :NOTE: every tenant's keys at once (the family lists one tenant's); remember() keeps the request keys.
    for (const key of await svc.requests.kv.keys()) {
      const e = await svc.requests.kv.get(key);
      if (e) svc.remember(key, e.value, e.revision);
    }
    // A crash between a KV change and its insert leaves callback_history behind: record the requests' stored state.
    try {
      const behind = await svc.history.restoreMissing([...svc.byTenant.values()].flatMap((m) => [...m.values()]));
      if (behind) svc.log.warn({ requests: behind }, 'callback history missing after an interrupted write: the requests\' state recorded again');
    } catch (err) {
      svc.log.warn({ err }, 'callback history not checked against ClickHouse (unreachable?): a step lost in a crash stays missing');
    }
    return svc;
  }

  settings(tenant: string): CallbackSettings {
    return callbackSettings(this.tenants.get(tenant)?.settings.callbacks);
  }

  /** The tenant's IANA timezone: times in refusals and e-mails are said in it. */
  timezone(tenant: string): string {
    return this.tenants.get(tenant)?.settings.timezone ?? 'UTC';
  }

  /** Every new revision of a request: written here or by another instance (seen through the KV watch). */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  // ---- events (the engine hands each accepted event here) ----

  /**
   * Takes an accepted event and its call as the engine's live state knows it (the caller: only call.offered carries
   * it); steps run in order, one at a time, off the engine's loop. Never throws.
   */
  handle(ev: CallEvent, call: CallContext | null): void {
    const step = this.stepOf(ev, call);
    if (!step) return;
    this.events = this.events.then(() => this.stepRetried(ev, step.id, step.step));
  }

  /**
   * An event's step, retried while the store fails (a NATS reconnect) for up to EVENT_RETRY_MS, in
   * order: later events wait behind it. A refusal is not retried (events' steps are never refused).
   */
  private async stepRetried(ev: CallEvent, id: string, step: CallbackStep): Promise<void> {
    const until = Date.now() + EVENT_RETRY_MS;
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      try {
        await this.step(ev.tenant, id, () => step);
        return;
      } catch (err) {
        if (err instanceof CallbackRefusedError || this.closing || Date.now() + delay > until) {
          this.counts.eventFailures++;
          this.log.error({ err, event: ev.id, tenant: ev.tenant }, 'callback step from an event failed: dropped');
          return;
        }
        this.log.warn({ err, event: ev.id, tenant: ev.tenant }, 'callback step from an event failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** Resolves once every event handed over so far has been applied. */
  async idle(): Promise<void> {
    let last: Promise<void>;
    do { last = this.events; await last; } while (last !== this.events);
  }

  private stepOf(ev: CallEvent, c: CallContext | null): { id: string; step: CallbackStep } | null {
    switch (ev.type) {
      case 'call.answered': {
        if (!c) return null;
        const caller = this.normalise(ev.tenant, c);
        return { id: caller.key, step: { kind: 'answered_inbound', at: ev.ts, queue: ev.queue, callId: ev.callId, agent: ev.agent } };
      }
      case 'call.abandoned':
      case 'call.exited': {
        if (!c) { this.counts.missedWithoutCaller++; return null; }
        const settings = this.tenants.get(ev.tenant)?.settings;
        if (!settings) return null;
        // A short abandon (the same wait the metrics judge): no callback.
        if (ev.type === 'call.abandoned' && c.waitMs < queueSettings(settings, ev.queue).shortAbandonMs) return null;
        // A re-imported missed call already past retention would only open to expire.
        if (ev.ts + this.settings(ev.tenant).retentionDays * 86_400_000 <= Date.now()) return null;
        const caller = this.normalise(ev.tenant, c);
        return { id: caller.key, step: { kind: 'missed', at: ev.ts, tenant: ev.tenant, caller, channel: c.channel, queue: ev.queue, callId: ev.callId } };
      }
      case 'call.outbound':
        if (!ev.callbackId || !REQUEST_ID.test(ev.callbackId)) return null;
        return { id: ev.callbackId, step: { kind: 'outbound', at: ev.ts, callId: ev.callId, agent: ev.agent, outcome: ev.outcome } };
      default:
        return null;
    }
  }

  private normalise(tenant: string, c: CallContext): NormalisedCaller {
    return normaliseCaller(c.caller, this.settings(tenant).defaultCountry, c.channel);
  }

  // ---- steps ----

  /**
   * Applies a step by compare-and-set: read the request and its revision, reduce, write only if the
   * revision is unchanged; on a conflict read again (the step may now be refused, e.g. booked by
   * the agent who won). The step is made from the time of each try.
   */
  async step(tenant: string, requestId: string, make: (now: number) => CallbackStep): Promise<StoredRequest | null> {
    const record = this.requests.at(tenant, requestId);
    const settings = this.settings(tenant);
    const timezone = this.timezone(tenant);
    const campaignId = campaignOfEntry(requestId);
    for (let tries = 0; tries < MAX_CAS_TRIES; tries++) {
      // Read at each try: a pause that lands meanwhile refuses the booking on the retry.
      const campaign = campaignId ? this.campaigns.get(tenant, campaignId) : undefined;
      const entry = await record.get();
      const stored = entry ? entry.value : null;
      const current = stored && 'archived' in stored ? unarchive(stored) : stored;
      const out = applyStep(current, make(Date.now()), settings, timezone, campaign);
      if (!out.ok) throw new CallbackRefusedError(out.code, out.message);
      if (!out.changed) return current && entry && !(stored && 'archived' in stored) ? { request: current, revision: entry.revision } : null;
      let revision: number;
      try {
        revision = entry ? await record.update(out.request, entry.revision) : await record.create(out.request);
      } catch (err) {
        if (err instanceof KvConflictError) { this.counts.casRetries++; continue; }
        throw err;
      }
      this.put(tenant, { request: out.request, revision });
      this.history.append(historyRows(out.request, out.history, revision));
      // :NOTE: here, not in the watch: only the instance that stored the missed call sends its e-mails.
      if (this.mailer && out.request.status === 'open' && isNewMissedCall(current?.status === 'open' ? current : undefined, out.request)) this.mailer.notify(tenant, out.request);
      return { request: out.request, revision };
    }
    throw new CallbackBusyError(requestId);
  }

  /**
   * Archives a request closed longer than closedKeptDays: the KV value shrinks to what numbers the
   * caller's next episode, and it leaves the in-memory copy (its history stays in ClickHouse).
   */
  private async archiveOld(tenant: string, s: StoredRequest, now: number): Promise<boolean> {
    const r = s.request;
    if (r.status !== 'closed' || r.closedAt === null || r.closedAt + this.settings(tenant).closedKeptDays * 86_400_000 > now) return false;
    try {
      await this.requests.at(tenant, r.id).update(archive(r), s.revision);
    } catch (err) {
      if (err instanceof KvConflictError) return false; // changed meanwhile (reopened, or archived by another instance)
      throw err;
    }
    this.byTenant.get(tenant)?.delete(r.id);
    return true;
  }

  /** Closes expired bookings and requests past retention, archives old closed ones (any instance may sweep: CAS keeps it single). */
  async sweep(now: number): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    let n = 0;
    try {
      for (const [tenant, requests] of this.byTenant) {
        const retentionMs = this.settings(tenant).retentionDays * 86_400_000;
        for (const stored of [...requests.values()]) {
          const r = stored.request;
          try {
            if (await this.archiveOld(tenant, stored, now)) { n++; continue; }
          } catch (err) {
            this.log.warn({ err, tenant, request: r.id }, 'archiving a closed callback request failed');
          }
          const steps: CallbackStep[] = [];
          if (r.bookedBy !== null && r.bookingExpiresAt !== null && r.bookingExpiresAt <= now) steps.push({ kind: 'expire_booking', at: now });
          if (r.status === 'open' && r.lastCall + retentionMs <= now) steps.push({ kind: 'expire', at: now });
          for (const s of steps) {
            try {
              if (await this.step(tenant, r.id, () => s)) n++;
            } catch (err) {
              this.log.warn({ err, tenant, request: r.id }, 'callback sweep step failed');
            }
          }
        }
      }
    } finally {
      this.sweeping = false;
    }
    return n;
  }

  // ---- reads ----

  get(tenant: string, requestId: string): StoredRequest | undefined {
    return this.byTenant.get(tenant)?.get(requestId);
  }

  list(tenant: string): StoredRequest[] {
    return [...(this.byTenant.get(tenant)?.values() ?? [])];
  }

  /** A counter bumped on every change of the tenant's requests (0: none yet). */
  version(tenant: string): number {
    return this.versions.get(tenant) ?? 0;
  }

  /** Live figures per queue ('' = all queues) at `now`. */
  figures(tenant: string, now: number): Map<string, CallbackFigures> {
    return callbackFigures(this.list(tenant).map((s) => s.request), now);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.unwatch?.();
    this.campaigns.close();
    await this.idle();
    await this.history.close();
    await this.mailer?.idle();
    this.mailer?.close();
  }

  // ---- the in-memory copy ----

  private onWatch(e: KvWatchEvent): void {
    if (e.value === null) {
      const k = parseCallbackKey(e.key);
      if (k) this.forget(k.tenant, k.requestId, e.revision);
      return;
    }
    this.remember(e.key, e.value, e.revision);
  }

  private remember(key: string, value: Uint8Array, revision: number): void {
    const k = parseCallbackKey(key);
    if (!k || !REQUEST_ID.test(k.requestId)) return;
    let stored: CallbackRequest | ArchivedCallbackRequest;
    try {
      stored = codec.decode(value);
    } catch (err) {
      this.log.warn({ err, key }, 'unreadable callback request in KV: ignored');
      return;
    }
    if ('archived' in stored) { this.forget(k.tenant, k.requestId, revision); return; }
    this.put(k.tenant, { request: stored, revision });
  }

  /** Drops a request from memory unless what is there is newer (a late watch event must not drop a reopened request). */
  private forget(tenant: string, requestId: string, revision: number): void {
    const m = this.byTenant.get(tenant);
    const have = m?.get(requestId);
    if (have && have.revision < revision) { m!.delete(requestId); this.bump(tenant); }
  }

  private bump(tenant: string): void {
    this.versions.set(tenant, this.version(tenant) + 1);
  }

  /** Keeps the newest revision of a request (own writes and watch events may arrive in either order). */
  private put(tenant: string, s: StoredRequest): void {
    let m = this.byTenant.get(tenant);
    if (!m) this.byTenant.set(tenant, (m = new Map()));
    const have = m.get(s.request.id);
    if (have && have.revision >= s.revision) return;
    m.set(s.request.id, s);
    this.bump(tenant);
    for (const l of this.listeners) {
      try {
        l(tenant, have?.request, s);
      } catch (err) {
        this.log.error({ err, tenant }, 'callback change listener failed');
      }
    }
  }
}

