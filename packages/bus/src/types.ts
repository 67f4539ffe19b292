/** The event-bus and KV contract: one interface, two implementations (NATS JetStream, embedded). */

/** A message delivered by a durable consumer. Ack only after its effects are durable. */
export interface BusMessage {
  subject: string;
  data: Uint8Array;
  /** Stream sequence, strictly increasing in publish order. */
  seq: number;
  /** How many times this message was delivered (1 on first delivery). */
  deliveryCount: number;
  /** Publish time, epoch ms. */
  timestamp: number;
  ack(): void;
  /** Ask for redelivery, optionally after delayMs. */
  nak(delayMs?: number): void;
  /** Never redeliver (used after moving it to the dead letters). */
  term(): void;
}

export interface PublishAck {
  seq: number;
  /** True when msgId was already published within the duplicate window: not stored twice. */
  duplicate: boolean;
}

export interface StreamConfig {
  name: string;
  subjects: readonly string[];
  /** Retention, ms. */
  maxAgeMs: number;
  /** Publish-side dedupe window by msgId, ms. */
  duplicateWindowMs: number;
}

export interface ConsumerConfig {
  stream: string;
  /** Durable name: delivery state survives restarts. */
  name: string;
  filterSubject?: string;
  /** Unacked messages are redelivered after this, ms. */
  ackWaitMs: number;
  maxAckPending: number;
  /**
   * Cumulative acks (JetStream AckPolicy.All): acking a message also acks every message delivered
   * before it — one ack per batch instead of one per message (on NATS the per-message acks cost the
   * server more than the deliveries). Only for a consumer that finishes messages in delivery order.
   * Binding such a consumer delivers again, at once, whatever an earlier binding was given and did
   * not ack, so a cumulative ack never covers a message nobody processed; so does a NATS binding
   * that finds a delivery lost in transit (a hole in the consumer's delivery sequence), and acks
   * of messages from before that are not sent. `term()` is cumulative too (as +TERM on NATS).
   */
  ackAll?: boolean;
}

export interface PullConsumer {
  /** Up to `max` messages; waits at most `expiresMs` for the first one. Resolves [] on timeout. */
  fetch(max: number, expiresMs: number): Promise<BusMessage[]>;
  /** Messages not yet delivered (consumer lag). */
  pending(): Promise<number>;
}

export interface KvEntry {
  key: string;
  value: Uint8Array;
  /** Monotonic per bucket; the compare-and-set token. */
  revision: number;
}

export interface KvWatchEvent {
  key: string;
  /** null when the key was deleted. */
  value: Uint8Array | null;
  revision: number;
}

export interface Kv {
  get(key: string): Promise<KvEntry | null>;
  /** Create; throws KvConflictError if the key exists (and is not deleted). Returns the revision. */
  create(key: string, value: Uint8Array): Promise<number>;
  /** Update only if the key's last revision is `revision`; throws KvConflictError otherwise. */
  update(key: string, value: Uint8Array, revision: number): Promise<number>;
  /** Unconditional write. */
  put(key: string, value: Uint8Array): Promise<number>;
  /** Delete (a tombstone); with `revision`, only if it is still the last one. */
  delete(key: string, revision?: number): Promise<void>;
  /** Keys currently present (not deleted), optionally filtered by a prefix. */
  keys(prefix?: string): Promise<string[]>;
  /** Changes after the call, until the returned function is called. */
  watch(onChange: (e: KvWatchEvent) => void, prefix?: string): Promise<() => void>;
}

export interface EventBus {
  readonly kind: 'nats' | 'embedded';
  /** Create or update a stream (idempotent). */
  ensureStream(config: StreamConfig): Promise<void>;
  /** Persistent publish into the stream that owns `subject`; resolves once stored. */
  publish(subject: string, data: Uint8Array, opts?: { msgId?: string }): Promise<PublishAck>;
  /** Create or bind a durable pull consumer (idempotent). */
  consumer(config: ConsumerConfig): Promise<PullConsumer>;
  /** Fire-and-forget, non-persistent publish (live deltas, adapter commands). */
  publishCore(subject: string, data: Uint8Array): void;
  /** Non-persistent subscription (NATS wildcards `*` and `>` supported); returns unsubscribe. */
  subscribe(subject: string, onMessage: (subject: string, data: Uint8Array) => void): () => void;
  /** Open (creating if needed) a KV bucket. */
  kv(bucket: string): Promise<Kv>;
  /** Flush and close. */
  close(): Promise<void>;
}

/** Compare-and-set failed: the key exists (create) or changed since `revision` (update/delete). */
export class KvConflictError extends Error {
  readonly code = 'KV_CONFLICT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KvConflictError';
  }
}
