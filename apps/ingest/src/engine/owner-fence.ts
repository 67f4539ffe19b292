/**
 * The engine's bus while it owns the stream: no binding, fetch or ack once the owner lease is no
 * longer held. It acts at the first fetch or ack after a pause ends, before any timer runs, so an
 * engine resumed after another took over never acks deliveries that are now the other's (on a
 * consumer with cumulative acks, one such ack would cover the new owner's uncommitted batches).
 */
import type { BusMessage, ConsumerConfig, EventBus, PullConsumer } from '../bus/types.ts';

export interface Fence {
  held(): boolean;
  lostError(): Error;
}

export function fencedBus(bus: EventBus, fence: Fence): EventBus {
  return {
    kind: bus.kind,
    ensureStream: (config) => bus.ensureStream(config),
    publish: (subject, data, opts) => bus.publish(subject, data, opts),
    async consumer(config: ConsumerConfig): Promise<PullConsumer> {
      if (!fence.held()) throw fence.lostError();
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
      if (!fence.held()) throw fence.lostError();
      const msgs = await inner.fetch(max, expiresMs);
      // Delivered while the lease lapsed: not ours to apply. Left unacked, they go to the owner.
      if (!fence.held()) throw fence.lostError();
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
