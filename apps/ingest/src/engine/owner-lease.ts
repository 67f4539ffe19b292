/**
 * A single-owner lease in a KV key: taken by compare-and-set, renewed by a heartbeat, released on a
 * clean stop. A starter that finds a lease watches it: renewed, the holder is alive and the starter
 * refuses (EngineOwnedError); silent for the TTL, the holder is taken for dead and the lease taken
 * over by compare-and-set (of starters racing, exactly one wins).
 *
 * :NOTE: no clock of another host is ever compared with ours: a lease is alive when its revision
 * changes while we watch it, on our own monotonic clock.
 */
import type { Logger } from 'pino';
import { KvConflictError, type Kv } from '@callboard/bus';
import { KvRecord, type Codec, type Stored } from '../kv/kv-collection.ts';

/** Who holds a lease, stored as JSON in its key (readable with `nats kv get <bucket> <key>`). */
export interface OwnerInfo {
  /** Random per start: a restarted engine is another owner even on the same host with the same pid. */
  instance: string;
  host: string;
  pid: number;
  /** Where it serves HTTP (the configured address until it listens). */
  url: string;
  /** When it started, ISO-8601. */
  startedAt: string;
  /** When it last renewed, ISO-8601: for people reading the key; the protocol uses revisions only. */
  renewedAt: string;
}

export interface LeaseOptions {
  kv: Kv;
  key: string;
  /** What the lease guards, for messages: 'stream CC_EVENTS (consumer "engine") on nats://…'. */
  what: string;
  me: Omit<OwnerInfo, 'renewedAt'>;
  /** A holder silent this long is taken for dead, ms. Renewed every ttlMs / 5. */
  ttlMs: number;
  /**
   * How long a lease found at start is watched before it is taken over, ms: ttlMs on a shared bus;
   * 0 where no other process can renew it (the embedded bus lives inside one process).
   */
  watchMs: number;
  log: Logger;
}

/** Another engine holds the lease and renewed it while we watched: this one must not start. */
export class EngineOwnedError extends Error {
  readonly code = 'ENGINE_OWNED';
  constructor(readonly holder: OwnerInfo, what: string, watchedMs: number) {
    super(`another engine already owns ${what}: ${describeOwner(holder)}. It renewed its lease while this engine ` +
      `watched it for ${(watchedMs / 1000).toFixed(1)} s, so it is running. Only one engine may consume a stream: two would ` +
      'split the live figures between them. Stop that engine first (a clean stop releases the lease at once; after a ' +
      'kill -9 the lease is taken over once its TTL, CALLBOARD_OWNER_LEASE_SECONDS, has passed), or give this engine a ' +
      'NATS server of its own. See "One engine per stream" in nats/README.md.');
    this.name = 'EngineOwnedError';
  }
}

/** This engine no longer holds its lease (another took it over after a pause, or renewals failed for too long). */
export class OwnerLeaseLostError extends Error {
  readonly code = 'OWNER_LEASE_LOST';
  constructor(readonly holder: OwnerInfo | null, message: string) {
    super(message);
    this.name = 'OwnerLeaseLostError';
  }
}

export function describeOwner(o: OwnerInfo): string {
  return `engine ${o.instance} on host ${o.host}, pid ${o.pid}, serving ${o.url}, running since ${o.startedAt}`;
}

const now = () => performance.now();
const enc = new TextEncoder();
const dec = new TextDecoder();

export class OwnerLease {
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> = Promise.resolve();
  private ended = false;
  private lostWith: OwnerLeaseLostError | null = null;
  private readonly lostHandlers: ((err: OwnerLeaseLostError) => void)[] = [];
  private url: string;
  private readonly record: KvRecord<OwnerInfo>;

  private constructor(
    private readonly o: LeaseOptions,
    private revision: number,
    /** Monotonic time the last renewal that succeeded was sent (the server applied it at or after this). */
    private renewedAt: number,
    /** The holder this start took the lease over from (silent past the TTL), if any. */
    readonly previous: OwnerInfo | null,
  ) {
    this.url = o.me.url;
    this.record = leaseRecord(o);
    this.schedule();
  }

  /** Take the lease, or throw EngineOwnedError naming the live holder. */
  static async acquire(o: LeaseOptions): Promise<OwnerLease> {
    const lease = leaseRecord(o);
    for (;;) {
      const found = await lease.get();
      const sentAt = now();
      if (!found) {
        try {
          return new OwnerLease(o, await lease.create(stamped(o.me)), sentAt, null);
        } catch (err) {
          if (err instanceof KvConflictError) continue; // another starter created it first: watch that one
          throw err;
        }
      }
      const watchedFrom = now();
      const watched = await watch(lease, o, found.revision);
      if (watched === 'silent') {
        const takeoverAt = now();
        try {
          const revision = await lease.update(stamped(o.me), found.revision);
          return new OwnerLease(o, revision, takeoverAt, found.value);
        } catch (err) {
          if (err instanceof KvConflictError) continue; // another starter won the takeover, or the holder woke up
          throw err;
        }
      }
      if (watched === null) continue; // released while we watched
      throw new EngineOwnedError(watched.value, o.what, now() - watchedFrom);
    }
  }

  /**
   * True while this engine may act as owner: renewed less than TTL − one renewal period ago. A taker
   * waits a full TTL after the last renewal it saw, so the holder stops first. Synchronous, so that
   * every fetch and ack can check it — also in the first instant after a SIGSTOP ends.
   */
  held(): boolean {
    return !this.lostWith && !this.ended && now() - this.renewedAt < this.o.ttlMs - this.renewMs;
  }

  /** Resolves once held() (a late renewal arrived); throws if the lease is lost or released, or is still overdue after maxMs. */
  async untilHeld(maxMs = Infinity): Promise<void> {
    const end = now() + maxMs;
    while (!this.held()) {
      if (this.lostWith || this.ended || now() > end) throw this.lostError();
      await new Promise((r) => setTimeout(r, this.renewMs / 4));
    }
  }

  /** Why it is not held, for untilHeld. */
  private lostError(): OwnerLeaseLostError {
    return this.lostWith ?? new OwnerLeaseLostError(null, this.ended
      ? `this engine released its lease on ${this.o.what}`
      : `this engine's lease on ${this.o.what} was not renewed in time: consuming is suspended until a renewal succeeds`);
  }

  /** Called once if the lease is lost while running. */
  onLost(fn: (err: OwnerLeaseLostError) => void): void {
    this.lostHandlers.push(fn);
  }

  /** The address it listens on once known; written with the next renewal. */
  setUrl(url: string): void {
    this.url = url;
  }

  /** Stop renewing and delete the key (only if still ours), so that the next engine starts at once. */
  async release(): Promise<boolean> {
    if (this.ended) return false;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    await this.renewing;
    if (this.lostWith) return false;
    try {
      await this.record.delete(this.revision);
      return true;
    } catch (err) {
      // Not released: the next engine waits the TTL before it takes over; nothing is split meanwhile.
      this.o.log.warn({ err, key: this.o.key }, 'owner lease not released; the next engine takes it over after the TTL');
      return false;
    }
  }

  private get renewMs(): number {
    return this.o.ttlMs / 5;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.renewing = this.renew()
        // NATS out of reach: retry at the next beat; held() ends ownership if it lasts.
        .catch((err: unknown) => {
          if (this.held()) return this.o.log.warn({ err, key: this.o.key }, 'owner lease renewal failed; retrying');
          const silentS = ((now() - this.renewedAt) / 1000).toFixed(1);
          this.o.log.error({ err, key: this.o.key }, `owner lease not renewed for ${silentS} s: consuming is suspended until a renewal succeeds or another engine takes over`);
        })
        .finally(() => { if (!this.ended && !this.lostWith) this.schedule(); });
    }, this.renewMs);
    this.timer.unref();
  }

  /**
   * Renew with compare-and-set on our revision. :NOTE: also after held() turned false (a pause, NATS
   * out of reach): if the update still succeeds nobody took the lease meanwhile, and ownership resumes.
   */
  private async renew(): Promise<void> {
    const sentAt = now();
    const value = stamped({ ...this.o.me, url: this.url });
    try {
      this.revision = await this.record.update(value, this.revision);
      this.renewedAt = sentAt;
    } catch (err) {
      if (!(err instanceof KvConflictError)) throw err;
      const current = await this.record.get();
      const holder = current?.value ?? null;
      if (current && holder?.instance === this.o.me.instance) {
        // Our last renewal was stored but its answer lost (a reconnect): the lease is still ours. Its
        // send time is unknown, so held() waits for the next renewal to count from.
        this.revision = current.revision;
        return;
      }
      this.lose(holder, current ? 'another engine took the lease over' : 'the lease was deleted');
    }
  }

  private lose(holder: OwnerInfo | null, why: string): void {
    if (this.ended || this.lostWith) return;
    this.lostWith = new OwnerLeaseLostError(holder, `this engine lost its ownership of ${this.o.what} (${why})` +
      `${holder ? `; it is now owned by ${describeOwner(holder)}` : ''}. It stops consuming so that two engines never split live state.`);
    if (this.timer) clearTimeout(this.timer);
    for (const fn of this.lostHandlers) fn(this.lostWith);
  }
}

/**
 * Watch a lease at `revision` for up to watchMs: 'silent' if it never changed, null if it was
 * deleted, else its new entry (the holder renewed it, or another engine took it).
 */
async function watch(lease: KvRecord<OwnerInfo>, o: LeaseOptions, revision: number): Promise<'silent' | Stored<OwnerInfo> | null> {
  const until = now() + o.watchMs;
  const pollMs = Math.max(20, o.ttlMs / 20);
  while (now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(0, until - now()))));
    const e = await lease.get();
    if (!e || e.revision !== revision) return e;
  }
  return 'silent';
}

function stamped(me: Omit<OwnerInfo, 'renewedAt'>): OwnerInfo {
  return { ...me, renewedAt: new Date().toISOString() };
}

/** The lease key as a KvRecord: JSON written; read leniently (parseOwner), so any holder can be named. */
function leaseRecord(o: LeaseOptions): KvRecord<OwnerInfo> {
  return new KvRecord(o.kv, o.key, ownerCodec);
}

const ownerCodec: Codec<OwnerInfo> = { encode: (owner) => enc.encode(JSON.stringify(owner)), decode: (bytes) => parseOwner(bytes) };

/** The holder in a lease value; a value this code did not write still names something for the message. */
function parseOwner(value: Uint8Array): OwnerInfo {
  const text = dec.decode(value);
  let v: Partial<OwnerInfo> = {};
  try {
    v = JSON.parse(text) as Partial<OwnerInfo>;
  } catch {
    v = { instance: `(unreadable lease value ${JSON.stringify(text.slice(0, 80))})` };
  }
  const s = (x: unknown) => (typeof x === 'string' ? x : '?');
  return { instance: s(v.instance), host: s(v.host), pid: typeof v.pid === 'number' ? v.pid : -1, url: s(v.url), startedAt: s(v.startedAt), renewedAt: s(v.renewedAt) };
}
