/** EventBus on NATS JetStream (nats.js 2.x): streams, durable pull consumers, core pub/sub and KV buckets. */
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  ErrorCode,
  JSONCodec,
  KvWatchInclude,
  RetentionPolicy,
  StorageType,
  connect,
  createInbox,
  nanos,
  type ConnectionOptions,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
  type KV,
  type KvEntry as NatsKvEntry,
  type Msg,
  type NatsConnection,
  type NatsError,
  type Subscription,
} from 'nats';
import { KvConflictError, type BusMessage, type ConsumerConfig, type EventBus, type Kv, type KvWatchEvent, type PullConsumer, type StreamConfig } from '../types.ts';
import { BusClosedError, BusConfigError, BusError, NoStreamError } from '../errors.ts';
import { assertKvKey } from '../subjects.ts';

// JetStream API error codes (nats-server errors.json).
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;
const WRONG_LAST_SEQUENCE = 10071;

const utf8 = new TextEncoder();
const ACK = utf8.encode('+ACK');
const NAK = utf8.encode('-NAK');
const TERM = utf8.encode('+TERM');
const jc = JSONCodec();

export interface NatsBusOptions {
  /** Connection name shown by the server (monitoring, logs). */
  name?: string;
  /** Extra nats.js connection options (credentials, TLS). */
  connection?: Omit<ConnectionOptions, 'servers'>;
  /** How long a JetStream publish waits for the stream's answer before it is tried again (with a msgId) or fails, ms. */
  publishTimeoutMs?: number;
}

/** A fetch gives up on a pull after this much silence from the server (see the guard in natsPullConsumer), ms. */
const STALL_MS = 100;
/** Tries of a publish with a msgId that times out. */
const PUBLISH_ATTEMPTS = 3;

export async function createNatsBus(url: string, opts: NatsBusOptions = {}): Promise<EventBus> {
  const publishTimeoutMs = opts.publishTimeoutMs ?? 5000;
  const nc = await connect({ servers: url, name: opts.name ?? 'callboard', maxReconnectAttempts: -1, ...opts.connection });
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();

  return {
    kind: 'nats',

    async ensureStream(config: StreamConfig): Promise<void> {
      const cfg = {
        name: config.name,
        subjects: [...config.subjects],
        // Both are nanoseconds on the wire.
        max_age: nanos(config.maxAgeMs),
        duplicate_window: nanos(config.duplicateWindowMs),
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
      };
      try {
        await jsm.streams.info(config.name);
      } catch (err) {
        if (apiCode(err) !== STREAM_NOT_FOUND) throw err;
        await jsm.streams.add(cfg);
        return;
      }
      await jsm.streams.update(config.name, cfg);
    },

    async publish(subject, data, o) {
      const msgID = o?.msgId;
      for (let attempt = 1; ; attempt++) {
        try {
          const pa = await js.publish(subject, data, msgID ? { msgID, timeout: publishTimeoutMs } : { timeout: publishTimeoutMs });
          // After a timed-out attempt, "duplicate" most likely means that attempt was stored: stored once either way.
          return { seq: pa.seq, duplicate: pa.duplicate && attempt === 1 };
        } catch (err) {
          const code = (err as NatsError).code;
          // No stream listens on the subject: the publish request has no responders.
          if (code === '503') throw new NoStreamError(subject, { cause: err });
          // A stalled or reconnecting server: with a msgId the retry is idempotent (the stream's duplicate window drops a second copy).
          if (code === ErrorCode.Timeout && msgID && attempt < PUBLISH_ATTEMPTS) continue;
          throw err;
        }
      }
    },

    async consumer(config: ConsumerConfig): Promise<PullConsumer> {
      const policy = config.ackAll ? AckPolicy.All : AckPolicy.Explicit;
      const update = {
        ack_wait: nanos(config.ackWaitMs),
        max_ack_pending: config.maxAckPending,
        ...(config.filterSubject ? { filter_subject: config.filterSubject } : {}),
      };
      const add = (start: number) => jsm.consumers.add(config.stream, {
        durable_name: config.name,
        ack_policy: policy,
        ...(start > 1 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start } : { deliver_policy: DeliverPolicy.All }),
        ...update,
      });
      /**
       * Start the consumer again after its ack floor: what it delivered and nobody acked comes again
       * at once, as first deliveries (the engine's dedupe drops those it already stored). Returns
       * the new consumer's last delivery sequence (0). A consumer started at a sequence reports an
       * ack floor of 0 until its first ack, hence the max.
       */
      const restart = async (info: ConsumerInfo): Promise<number> => {
        await jsm.consumers.delete(config.stream, config.name);
        await add(Math.max(info.ack_floor.stream_seq + 1, info.config.opt_start_seq ?? 1));
        return 0;
      };
      let delivered = 0;
      try {
        const info = await jsm.consumers.info(config.stream, config.name);
        const cur = info.config;
        delivered = info.delivered.consumer_seq;
        // The ack policy cannot change in place, and a cumulative ack must not cover what an earlier binding was given.
        if (cur.ack_policy !== policy || (config.ackAll && info.num_ack_pending > 0)) {
          delivered = await restart(info);
        } else if (cur.ack_wait !== update.ack_wait || cur.max_ack_pending !== update.max_ack_pending || (cur.filter_subject ?? '') !== (config.filterSubject ?? '')) {
          // Send an update only for a real change (consumer() is called at every engine start).
          await jsm.consumers.update(config.stream, config.name, update);
        }
      } catch (err) {
        const code = apiCode(err);
        if (code === STREAM_NOT_FOUND) throw new BusConfigError(`stream ${config.stream} not found`, { cause: err });
        if (code !== CONSUMER_NOT_FOUND) throw err;
        await add(1);
      }
      const binding: Binding = { gen: 1, delivered, lost: false, cumulative: config.ackAll === true };
      return natsPullConsumer(nc, js, jsm, config, binding, async () => {
        const info = await jsm.consumers.info(config.stream, config.name);
        // Rare and worth an operator's eye (deliveries in flight during a reconnect).
        process.emitWarning(new BusError('BUS_DELIVERY_LOST', `consumer ${config.stream}/${config.name}: a delivery was lost in transit; `
          + `restarting after its ack floor (stream seq ${info.ack_floor.stream_seq}), ${info.num_ack_pending} unacked deliveries come again`));
        binding.delivered = await restart(info);
        binding.gen++;
        binding.lost = false;
      });
    },

    publishCore(subject, data) {
      if (nc.isClosed()) throw new BusClosedError();
      nc.publish(subject, data);
    },

    subscribe(subject, onMessage) {
      const sub = nc.subscribe(subject, {
        callback: (err, m) => {
          // Errors here are permission violations: the subscription is gone, say so loudly.
          if (err) process.emitWarning(new BusError('BUS_SUBSCRIBE', `subscription to ${subject} failed`, { cause: err }));
          else onMessage(m.subject, m.data);
        },
      });
      return () => sub.unsubscribe();
    },

    async kv(bucket: string): Promise<Kv> {
      return natsKv(await js.views.kv(bucket, { history: 1 }));
    },

    async close(): Promise<void> {
      // drain() flushes pending acks and publishes before closing.
      if (!nc.isClosed()) await nc.drain();
    },
  };
}

/**
 * Pull consumer on raw MSG.NEXT requests with `no_wait` + `expires`: the server waits up to `expires` for the first
 * message, then answers with what is available and ends the request (408) at once. nats.js's consumer.fetch() keeps a
 * partial batch open until `expires` (and refuses expires < 1 s), which would make every small batch as slow as the timeout.
 *
 * Every pull of a binding is answered on one wildcard subscription (`<inbox>.*`, a reply subject
 * per pull). So a fetch can give up on a pull the server leaves unanswered without losing what the
 * server still sends to it: those deliveries arrive all the same, join the fetch in progress or
 * wait for the next one, in delivery order.
 */
function natsPullConsumer(nc: NatsConnection, js: JetStreamClient, jsm: JetStreamManager, config: ConsumerConfig,
  binding: Binding, rebind: () => Promise<void>): PullConsumer {
  const next = `${js.apiPrefix}.CONSUMER.MSG.NEXT.${config.stream}.${config.name}`;
  let inbox = '';
  let sub: Subscription | null = null;
  let pulls = 0;
  /** Deliveries that came while no fetch was waiting (answers to a pull given up on). */
  let early: NatsBusMessage[] = [];
  /** The fetch waiting for its pull's answer. */
  let active: { reply: string; take(msg: NatsBusMessage): void; finish(err?: Error): void } | null = null;

  /** A subscription per binding: deliveries of an earlier binding must not mix with this one's. */
  const subscribe = () => {
    sub?.unsubscribe();
    early = [];
    inbox = createInbox();
    const own = sub = nc.subscribe(`${inbox}.*`, {
      callback: (err, m) => {
        if (err) return active?.finish(err);
        if (!m.subject.startsWith(inbox)) {
          const msg = new NatsBusMessage(m, nc, binding);
          // Deliveries are numbered without holes: a hole is a delivery that never arrived.
          if (msg.deliverySeq !== binding.delivered + 1) binding.lost = true;
          binding.delivered = msg.deliverySeq;
          if (active) active.take(msg);
          else early.push(msg);
          return;
        }
        // The status of a pull given up on means nothing any more.
        if (m.subject !== active?.reply) return;
        const code = m.headers?.code ?? 0;
        // 404 no messages, 408 request expired or done: the normal end of a no_wait request.
        if (code === 404 || code === 408) return active.finish();
        if (code === 100) return; // idle heartbeat
        active.finish(new BusError('BUS_PULL', `pull from ${config.stream}/${config.name} failed: ${code} ${m.headers?.description ?? ''}`));
      },
    });
    void own.closed.then(() => { if (sub === own) active?.finish(); });
  };

  const pull = (max: number, expiresMs: number): Promise<BusMessage[]> => {
    // What came after an earlier fetch gave up on its pull comes first.
    if (early.length) return Promise.resolve(early.splice(0, max));
    const reply = `${inbox}.${++pulls}`;
    const start = performance.now();
    let lastAt = start;
    const out: BusMessage[] = [];
    return new Promise<BusMessage[]>((resolve, reject) => {
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(guard);
        active = null;
        if (err && out.length === 0) reject(err);
        else resolve(out);
      };
      active = {
        reply,
        finish,
        take(msg) {
          out.push(msg);
          lastAt = performance.now();
          if (out.length >= max) finish();
          // The answer has begun: from now on silence means a stalled pull.
          else if (out.length === 1) arm(STALL_MS);
        },
      };
      /**
       * The guard. nats-server before 2.10.14 sometimes leaves a pull unanswered: it drops one that
       * expires while a message is ready, and (seen with 2.9.10 under load) stops partway through an
       * answer without ending it. So a fetch gives up after STALL_MS of silence (after `expires` +
       * STALL_MS when nothing came); what the server still sends to that pull arrives on the
       * binding's subscription all the same. The check runs from setImmediate: after a busy spell of
       * the event loop the timer fires before the socket is read, and what already arrived counts first.
       */
      const deadline = () => (out.length > 0 ? lastAt : start + Math.max(0, expiresMs)) + STALL_MS;
      let guard: NodeJS.Timeout | undefined;
      const arm = (ms: number) => {
        clearTimeout(guard);
        guard = setTimeout(() => setImmediate(() => {
          if (done) return;
          const left = deadline() - performance.now();
          if (left <= 0) finish();
          else arm(left);
        }), ms);
      };
      arm(deadline() - start);
      nc.publish(next, jc.encode({ batch: max, no_wait: true, expires: nanos(Math.max(1, expiresMs)) }), { reply });
    });
  };

  let queue: Promise<unknown> = Promise.resolve();
  return {
    fetch(max: number, expiresMs: number): Promise<BusMessage[]> {
      // One fetch at a time, in call order: deliveries go to the fetch that is waiting.
      const result = queue.then(async () => {
        if (nc.isClosed()) throw new BusClosedError();
        // A delivery was lost in transit: restart after the ack floor, on a new subscription, before taking more.
        if (binding.lost) {
          await rebind();
          subscribe();
        } else if (!sub) subscribe();
        return max <= 0 ? [] : pull(max, expiresMs);
      });
      queue = result.catch(() => undefined);
      return result;
    },

    async pending(): Promise<number> {
      const info = await jsm.consumers.info(config.stream, config.name);
      return info.num_pending;
    },
  };
}

/**
 * One binding of a consumer to the server. With cumulative acks, a delivery lost in transit (in
 * flight during a reconnect, or sent where nobody listens) shows as a hole in the consumer's
 * delivery sequence; an ack would then cover a message nobody processed, so acks stop and the next
 * fetch restarts the consumer after its ack floor (a new generation: the messages of the old one
 * are delivered again, and their acks are ignored).
 */
interface Binding {
  gen: number;
  /** The last delivery sequence received. */
  delivered: number;
  lost: boolean;
  cumulative: boolean;
}

/**
 * A delivered message. Delivery count, stream and delivery sequence are read from the ack subject
 * (see ackFields); the publish time only when asked. It keeps what it needs, not the nats.js
 * message (five objects and two byte views): the engine holds a batch of thousands until they are
 * stored, and what it holds the GC copies.
 */
class NatsBusMessage implements BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly seq: number;
  readonly deliverySeq: number;
  readonly deliveryCount: number;
  private readonly reply: string;
  private readonly gen: number;
  constructor(m: Msg, private readonly nc: NatsConnection, private readonly binding: Binding) {
    this.subject = m.subject;
    this.data = m.data;
    this.reply = m.reply ?? '';
    this.gen = binding.gen;
    // Read straight from the subject (no split: this runs for every message).
    const at = ackFields(this.reply);
    this.deliveryCount = at < 0 ? NaN : digits(this.reply, DOTS[at] + 1, DOTS[at + 1]);
    this.seq = at < 0 ? NaN : digits(this.reply, DOTS[at + 1] + 1, DOTS[at + 2]);
    this.deliverySeq = at < 0 ? NaN : digits(this.reply, DOTS[at + 2] + 1, DOTS[at + 3]);
  }

  get timestamp(): number {
    // Nanoseconds: past 2^53, so parsed as Number() does, not digit by digit.
    const at = ackFields(this.reply);
    return at < 0 ? NaN : Math.floor(Number(this.reply.slice(DOTS[at + 3] + 1, DOTS[at + 4])) / 1e6);
  }

  ack(): void { this.done(ACK); }
  nak(delayMs?: number): void { this.respond(delayMs ? utf8.encode(`-NAK ${JSON.stringify({ delay: nanos(delayMs) })}`) : NAK); }
  /** Cumulative on a cumulative consumer, like an ack (the server treats +TERM as one). */
  term(): void { this.done(TERM); }

  private done(data: Uint8Array): void {
    const b = this.binding;
    // A cumulative ack from a binding that lost a delivery, or from an earlier binding, is not sent.
    if (b.cumulative && (b.lost || b.gen !== this.gen)) return;
    this.respond(data);
  }

  private respond(data: Uint8Array): void {
    // As Msg.respond: nothing to answer without a reply subject (throws once the connection is closed).
    if (this.reply) this.nc.publish(this.reply, data);
  }
}

const DOTS = new Int32Array(16);
/**
 * Fills DOTS with the positions of the dots in an ack subject and returns the index of the one
 * before its delivery count: field i (0 count, 1 stream seq, 2 delivery seq, 3 timestamp) lies
 * between DOTS[at + i] and DOTS[at + i + 1]. -1 when it is not an ack subject:
 * $JS.ACK.<stream>.<consumer>.<count>.<stream seq>.<delivery seq>.<ts>.<pending>, or (v2) with
 * domain and account hash after ACK and possibly a token at the end.
 */
function ackFields(reply: string): number {
  let n = 0;
  for (let i = reply.indexOf('.'); i >= 0 && n < DOTS.length; i = reply.indexOf('.', i + 1)) DOTS[n++] = i;
  return n === 8 ? 3 : n === 10 || n === 11 ? 5 : -1;
}

/** The decimal number in s[from, to). */
function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return to > from ? v : NaN;
}

function natsKv(kv: KV): Kv {
  return {
    async get(key) {
      assertKvKey(key);
      const e = await kv.get(key);
      return e && e.operation === 'PUT' ? { key, value: e.value, revision: e.revision } : null;
    },
    create: (key, value) => cas(key, () => kv.create(key, value)),
    update: (key, value, revision) => {
      if (!(revision >= 1)) return Promise.reject(new KvConflictError(`key "${key}": revision ${revision} is not a revision`));
      return cas(key, () => kv.update(key, value, revision));
    },
    put: (key, value) => cas(key, () => kv.put(key, value)),
    delete: (key, revision) => cas(key, () => kv.delete(key, revision ? { previousSeq: revision } : undefined)),
    async keys(prefix = '') {
      const out: string[] = [];
      for await (const k of await kv.keys(keyFilter(prefix))) if (k.startsWith(prefix)) out.push(k);
      return out;
    },
    async watch(onChange, prefix = '') {
      // :TRICKY: "updates only" starts at whatever is new once the server has made the watch's consumer, which can be
      // after a change made right after this call (a flaky conformance test under load). Start instead at the sequence
      // after the bucket's last one, read before returning: every change after the call is seen, none before it.
      const last = (await kv.status()).streamInfo.state.last_seq;
      const iter = await kv.watch({ key: keyFilter(prefix), include: KvWatchInclude.AllHistory, resumeFromRevision: last + 1 });
      void (async () => {
        for await (const e of iter) if (e.key.startsWith(prefix)) onChange(watchEvent(e));
      })().catch((err: unknown) => {
        // The watch ended abnormally (connection closed mid-watch): say so, the caller's callback simply stops.
        process.emitWarning(new BusError('BUS_KV_WATCH', `KV watch on prefix "${prefix}" ended`, { cause: err }));
      });
      return () => iter.stop();
    },
  };
}

async function cas<T>(key: string, op: () => Promise<T>): Promise<T> {
  assertKvKey(key);
  try {
    return await op();
  } catch (err) {
    if (apiCode(err) === WRONG_LAST_SEQUENCE || /wrong last sequence/i.test((err as Error).message ?? '')) {
      throw new KvConflictError(`key "${key}": ${(err as Error).message}`, { cause: err });
    }
    throw err;
  }
}

/** Token-aligned prefixes ("acme.") filter on the server; any other prefix lists all keys and filters here. */
function keyFilter(prefix: string): string {
  return prefix.endsWith('.') && !prefix.startsWith('.') && /^[-/=.\w]+$/.test(prefix) ? `${prefix}>` : '>';
}

function watchEvent(e: NatsKvEntry): KvWatchEvent {
  return { key: e.key, value: e.operation === 'PUT' ? e.value : null, revision: e.revision };
}

function apiCode(err: unknown): number | undefined {
  return (err as NatsError | undefined)?.api_error?.err_code;
}
