/** Public surface of @callboard/bus: the EventBus/Kv contract, its named errors, and createBus, which picks NATS JetStream when NATS_URL is set, else the embedded bus under the data dir. */
import path from 'node:path';
import type { EventBus } from './types.ts';
import { createNatsBus } from './nats/nats-bus.ts';
import { createEmbeddedBus } from './embedded/embedded-bus.ts';

export async function createBus(env: { NATS_URL?: string; dataDir: string }): Promise<EventBus> {
  if (env.NATS_URL) return createNatsBus(env.NATS_URL);
  return createEmbeddedBus(path.join(env.dataDir, 'bus'));
}

export { createNatsBus } from './nats/nats-bus.ts';
export { createEmbeddedBus } from './embedded/embedded-bus.ts';
export { KvConflictError } from './types.ts';
export { BusError, BusClosedError, BusConfigError, KvKeyError, NoStreamError } from './errors.ts';
export type { BusMessage, ConsumerConfig, EventBus, Kv, KvEntry, KvWatchEvent, PublishAck, PullConsumer, StreamConfig } from './types.ts';
export type { NatsBusOptions } from './nats/nats-bus.ts';
export type { EmbeddedBusOptions } from './embedded/embedded-bus.ts';
