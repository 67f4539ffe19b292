/** EventBus on NATS JetStream (nats.js 2.x): streams, durable pull consumers, core pub/sub and KV buckets. */
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JSONCodec,
  KvWatchInclude,
  RetentionPolicy,
  StorageType,
  connect,
  createInbox,
  nanos,
  type ConnectionOptions,
  type JetStreamClient,
  type JetStreamManager,
  type KV,
  type KvEntry as NatsKvEntry,
  type Msg,
  type NatsConnection,
  type NatsError,
} from 'nats';
import { KvConflictError, type BusMessage, type ConsumerConfig, type EventBus, type Kv, type KvWatchEvent, type PullConsumer, type StreamConfig } from './types.ts';
import { BusClosedError, BusConfigError, BusError, NoStreamError } from './errors.ts';
import { assertKvKey } from './subjects.ts';

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
}

export async function createNatsBus(url: string, opts: NatsBusOptions = {}): Promise<EventBus> {
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
      try {
        const pa = await js.publish(subject, data, o?.msgId ? { msgID: o.msgId } : undefined);
        return { seq: pa.seq, duplicate: pa.duplicate };
      } catch (err) {
        // No stream listens on the subject: the publish request has no responders.
        if ((err as NatsError).code === '503') throw new NoStreamError(subject, { cause: err });
        throw err;
      }
    },

    async consumer(config: ConsumerConfig): Promise<PullConsumer> {
      const update = {
        ack_wait: nanos(config.ackWaitMs),
        max_ack_pending: config.maxAckPending,
        ...(config.filterSubject ? { filter_subject: config.filterSubject } : {}),
      };
      try {
        const { config: cur } = await jsm.consumers.info(config.stream, config.name);
        // Send an update only for a real change (consumer() is called at every engine start).
        if (cur.ack_wait !== update.ack_wait || cur.max_ack_pending !== update.max_ack_pending || (cur.filter_subject ?? '') !== (config.filterSubject ?? '')) {
          await jsm.consumers.update(config.stream, config.name, update);
        }
      } catch (err) {
        const code = apiCode(err);
        if (code === STREAM_NOT_FOUND) throw new BusConfigError(`stream ${config.stream} not found`, { cause: err });
        if (code !== CONSUMER_NOT_FOUND) throw err;
        await jsm.consumers.add(config.stream, {
          durable_name: config.name,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ...update,
        });
      }
      return natsPullConsumer(nc, js, jsm, config);
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
 */
function natsPullConsumer(nc: NatsConnection, js: JetStreamClient, jsm: JetStreamManager, config: ConsumerConfig): PullConsumer {
  const next = `${js.apiPrefix}.CONSUMER.MSG.NEXT.${config.stream}.${config.name}`;
  return {
    fetch(max: number, expiresMs: number): Promise<BusMessage[]> {
      if (nc.isClosed()) return Promise.reject(new BusClosedError());
      const out: BusMessage[] = [];
      if (max <= 0) return Promise.resolve(out);
      const inbox = createInbox();
      return new Promise<BusMessage[]>((resolve, reject) => {
        let done = false;
        const finish = (err?: Error) => {
          if (done) return;
          done = true;
          clearTimeout(guard);
          sub.unsubscribe();
          if (err && out.length === 0) reject(err);
          else resolve(out);
        };
        const sub = nc.subscribe(inbox, {
          callback: (err, m) => {
            if (err) return finish(err);
            if (m.subject !== inbox) {
              out.push(new NatsBusMessage(m, nc));
              if (out.length >= max) finish();
              return;
            }
            const code = m.headers?.code ?? 0;
            // 404 no messages, 408 request expired or done: the normal end of a no_wait request.
            if (code === 404 || code === 408) return finish();
            if (code === 100) return; // idle heartbeat
            finish(new BusError('BUS_PULL', `pull from ${config.stream}/${config.name} failed: ${code} ${m.headers?.description ?? ''}`));
          },
        });
        // The server normally ends the request itself (408). nats-server before 2.10.14 drops a request that expires
        // while a message is ready without answering, so stop waiting a little after `expires`. Not sooner: a request
        // the server still holds and loses interest in makes those versions skip or repeat deliveries (PR #5305).
        void sub.closed.then(() => finish());
        const guard = setTimeout(() => finish(), Math.max(0, expiresMs) + 1000);
        nc.publish(next, jc.encode({ batch: max, no_wait: true, expires: nanos(Math.max(1, expiresMs)) }), { reply: inbox });
      });
    },

    async pending(): Promise<number> {
      const info = await jsm.consumers.info(config.stream, config.name);
      return info.num_pending;
    },
  };
}

/**
 * A delivered message. Seq, delivery count and publish time are read from the ack subject (v1: 9
 * tokens, v2 adds domain and account hash) only when asked: the engine's hot path needs neither.
 * It keeps the three things it needs, not the nats.js message (five objects and two byte views):
 * the engine holds a batch of thousands until they are stored, and what it holds the GC copies.
 */
class NatsBusMessage implements BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  private readonly reply: string;
  private tokens: string[] | null = null;
  constructor(m: Msg, private readonly nc: NatsConnection) {
    this.subject = m.subject;
    this.data = m.data;
    this.reply = m.reply ?? '';
  }

  get deliveryCount(): number { return Number(this.token(0)); }
  get seq(): number { return Number(this.token(1)); }
  get timestamp(): number { return Math.floor(Number(this.token(3)) / 1e6); }

  ack(): void { this.respond(ACK); }
  nak(delayMs?: number): void { this.respond(delayMs ? utf8.encode(`-NAK ${JSON.stringify({ delay: nanos(delayMs) })}`) : NAK); }
  term(): void { this.respond(TERM); }

  private respond(data: Uint8Array): void {
    // As Msg.respond: nothing to answer without a reply subject (throws once the connection is closed).
    if (this.reply) this.nc.publish(this.reply, data);
  }

  private token(i: number): string {
    const t = (this.tokens ??= this.reply.split('.'));
    return t[(t.length === 9 ? 4 : 6) + i];
  }
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
      const iter = await kv.watch({ key: keyFilter(prefix), include: KvWatchInclude.UpdatesOnly });
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
