/** Publishes events to NATS JetStream, one subject per tenant and type, with the same msgId as the engine's publisher. */
import type { CallEventInput } from '@callboard/metrics';
import { Streams, Subjects } from '@callboard/nats';
import type { EventBus } from '@callboard/bus';
import type { EventSink } from './types.ts';

const enc = new TextEncoder();
/** In-flight publishes per batch chunk: awaiting each ack in turn would cap throughput at a few thousand/s. */
const PIPELINE = 500;

/** A sink over an EventBus (NATS or embedded); the stream is ensured first so an adapter can start before the engine. */
export async function createBusSink(bus: EventBus): Promise<EventSink> {
  await bus.ensureStream(Streams.events);
  return {
    async publish(events: CallEventInput[]) {
      for (let i = 0; i < events.length; i += PIPELINE) {
        // :NOTE: msgId is tenant:id as in engine/publisher.ts, so JetStream dedupes across both paths.
        await Promise.all(events.slice(i, i + PIPELINE).map((e) =>
          bus.publish(Subjects.events(e.tenant, e.type), enc.encode(JSON.stringify(e)), { msgId: `${e.tenant}:${e.id}` })));
      }
    },
    close: () => bus.close(),
  };
}

/** Connects to a NATS server (JetStream enabled). */
export async function createNatsSink(url: string): Promise<EventSink> {
  const { createNatsBus } = await import('@callboard/bus');
  return createBusSink(await createNatsBus(url, { name: 'callboard-adapter' }));
}
