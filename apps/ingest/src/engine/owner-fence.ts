/**
 * The engine's bus while it owns the stream: binds, fetches and acks only while the owner lease is
 * held (renewed in time). Checked at the first fetch or ack after a pause ends, before any timer
 * runs, so an engine resumed after another took over never acks deliveries that are now the other's
 * (on a consumer with cumulative acks, one such ack would cover the new owner's uncommitted batches).
 */
import type { BusMessage, ConsumerConfig, EventBus, PullConsumer } from '@callboard/bus';

export interface Fence {
  /** Synchronous: may this engine act as owner right now? */
  held(): boolean;
  /** Waits out a late renewal (a busy event loop, NATS briefly away); throws once ownership is lost, or after maxMs. */
  untilHeld(maxMs?: number): Promise<void>;
}

/** How long a bind or fetch waits for a late renewal before it fails (and the engine says so), ms. */
const BOUND_MS = 5_000;

export function fencedBus(bus: EventBus, fence: Fence): EventBus {
  return {
    kind: bus.kind,
    ensureStream: (config) => bus.ensureStream(config),
    publish: (subject, data, opts) => bus.publish(subject, data, opts),
    async consumer(config: ConsumerConfig): Promise<PullConsumer> {
      await fence.untilHeld(BOUND_MS);
      return fencedConsumer(await bus.consumer(config), fence);
    },
    publishCore: (subject, data) => bus.publishCore(subject, data),
    subscribe: (subject, onMessage) => bus.subscribe(subject, onMessage),
    kv: (bucket) => bus.kv(bucket),
    close: () => bus.close(),
  };
}

function fencedConsumer(inner: PullConsumer, fence: Fence): PullConsumer {
  return {
    async fetch(max, expiresMs) {
      // Overdue for long: the engine's fetch loop logs the error, then tries again.
      await fence.untilHeld(BOUND_MS);
      const msgs = await inner.fetch(max, expiresMs);
      // Delivered while the lease was overdue: applied only once a renewal shows nobody took it over.
      // :TRICKY: never dropped while the engine goes on: a later cumulative ack would cover them.
      // If another engine took over they stay unacked (acks are fenced for good) and go to it.
      if (!fence.held()) await fence.untilHeld();
      return msgs.map((m) => new FencedMessage(m, fence));
    },
    pending: () => inner.pending(),
  };
}

class FencedMessage implements BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly seq: number;
  readonly deliveryCount: number;
  readonly timestamp: number;

  constructor(private readonly inner: BusMessage, private readonly fence: Fence) {
    this.subject = inner.subject;
    this.data = inner.data;
    this.seq = inner.seq;
    this.deliveryCount = inner.deliveryCount;
    this.timestamp = inner.timestamp;
  }

  ack(): void {
    if (this.fence.held()) this.inner.ack();
  }

  nak(delayMs?: number): void {
    this.inner.nak(delayMs);
  }

  /** Cumulative on NATS like ack, so fenced the same way. */
  term(): void {
    if (this.fence.held()) this.inner.term();
  }
}
