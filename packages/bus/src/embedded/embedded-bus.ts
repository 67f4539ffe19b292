/** In-process EventBus with NATS semantics, durable under one directory: streams, durable pull consumers, core pub/sub, KV. */
import fs from 'node:fs';
import path from 'node:path';
import type { ConsumerConfig, EventBus, Kv, PublishAck, PullConsumer, StreamConfig } from '../types.ts';
import { BusClosedError, BusConfigError, NoStreamError } from '../errors.ts';
import { isLiteralSubject, patternsOverlap, subjectMatches } from '../subjects.ts';
import { EmbeddedStream, type StreamStorageOptions } from './stream.ts';
import { EmbeddedConsumer } from './consumer.ts';
import { EmbeddedKv } from './kv.ts';

// Layout under `dir`:
//   streams/<NAME>/stream.json                 the StreamConfig
//   streams/<NAME>/log/<first seq>.seg          append-only segments (rotated at segmentBytes; whole files dropped by maxAge)
//   streams/<NAME>/consumers/<durable>.json     the ConsumerConfig
//   streams/<NAME>/consumers/<durable>.acks     ack log + snapshot (see consumer-state.ts)
//   kv/<bucket>.ndjson                          KV operations (see kv.ts)
//
// Durability: every publish and KV write is handed to write(2) before its promise resolves, so it survives a
// kill -9 of this process. Stream segments are fdatasync'ed in the background every `syncIntervalMs` (a power loss
// may cost that much, like NATS's own periodic sync); acks are written at every fetch and at least every 50 ms.

export interface EmbeddedBusOptions {
  /** Segment size before rotation, bytes (default 64 MiB). */
  segmentBytes?: number;
  /** Background fdatasync period of stream segments, ms (default 1000; 0 disables it). */
  syncIntervalMs?: number;
}

const NAME = /^[-\w]+$/;

export async function createEmbeddedBus(dir: string, opts: EmbeddedBusOptions = {}): Promise<EventBus> {
  const storage: StreamStorageOptions = {
    segmentBytes: opts.segmentBytes ?? 64 << 20,
    syncIntervalMs: opts.syncIntervalMs ?? 1000,
  };
  const streamsDir = path.join(dir, 'streams');
  const kvDir = path.join(dir, 'kv');
  fs.mkdirSync(streamsDir, { recursive: true });
  fs.mkdirSync(kvDir, { recursive: true });

  const streams = new Map<string, EmbeddedStream>();
  for (const name of fs.readdirSync(streamsDir)) {
    const config = EmbeddedStream.readConfig(path.join(streamsDir, name));
    if (config) streams.set(name, EmbeddedStream.open(path.join(streamsDir, name), config, storage));
  }
  const consumers = new Map<string, EmbeddedConsumer>();
  const buckets = new Map<string, EmbeddedKv>();
  const routes = new Map<string, EmbeddedStream | null>();
  const subs = new Set<{ pattern: string; fn: (subject: string, data: Uint8Array) => void }>();
  let closed = false;

  const streamFor = (subject: string): EmbeddedStream | null => {
    let s = routes.get(subject);
    if (s === undefined) {
      s = [...streams.values()].find((st) => st.config.subjects.some((p) => subjectMatches(p, subject))) ?? null;
      if (routes.size > 100_000) routes.clear();
      routes.set(subject, s);
    }
    return s;
  };

  const live = () => {
    if (closed) throw new BusClosedError();
  };

  return {
    kind: 'embedded',

    async ensureStream(config: StreamConfig): Promise<void> {
      live();
      if (!NAME.test(config.name)) throw new BusConfigError(`invalid stream name "${config.name}"`);
      for (const other of streams.values()) {
        if (other.config.name === config.name) continue;
        for (const a of config.subjects) {
          for (const b of other.config.subjects) {
            if (patternsOverlap(a, b)) throw new BusConfigError(`stream ${config.name}: subject ${a} overlaps ${b} of ${other.config.name}`);
          }
        }
      }
      const plain: StreamConfig = { ...config, subjects: [...config.subjects] };
      const existing = streams.get(config.name);
      if (existing) existing.updateConfig(plain);
      else streams.set(config.name, EmbeddedStream.open(path.join(streamsDir, config.name), plain, storage));
      routes.clear();
    },

    async publish(subject: string, data: Uint8Array, opts?: { msgId?: string }): Promise<PublishAck> {
      live();
      const stream = isLiteralSubject(subject) ? streamFor(subject) : null;
      if (!stream) throw new NoStreamError(subject);
      return stream.publish(subject, data, opts?.msgId);
    },

    async consumer(config: ConsumerConfig): Promise<PullConsumer> {
      live();
      const stream = streams.get(config.stream);
      if (!stream) throw new BusConfigError(`stream ${config.stream} not found`);
      if (!NAME.test(config.name)) throw new BusConfigError(`invalid consumer name "${config.name}"`);
      const key = `${config.stream}/${config.name}`;
      const existing = consumers.get(key);
      if (existing) {
        existing.update(config);
        return existing;
      }
      const c = new EmbeddedConsumer(stream, config);
      consumers.set(key, c);
      return c;
    },

    publishCore(subject: string, data: Uint8Array): void {
      live();
      for (const s of subs) {
        // Delivered on a later tick with its own copy, as a NATS subscriber would see it.
        if (subjectMatches(s.pattern, subject)) queueMicrotask(() => subs.has(s) && s.fn(subject, data.slice()));
      }
    },

    subscribe(subject: string, onMessage: (subject: string, data: Uint8Array) => void): () => void {
      live();
      const s = { pattern: subject, fn: onMessage };
      subs.add(s);
      return () => {
        subs.delete(s);
      };
    },

    async kv(bucket: string): Promise<Kv> {
      live();
      if (!NAME.test(bucket)) throw new BusConfigError(`invalid bucket name "${bucket}"`);
      let kv = buckets.get(bucket);
      if (!kv) {
        kv = new EmbeddedKv(path.join(kvDir, `${bucket}.ndjson`));
        buckets.set(bucket, kv);
      }
      return kv;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      subs.clear();
      for (const c of consumers.values()) c.close();
      for (const kv of buckets.values()) kv.close();
      for (const s of streams.values()) await s.close();
    },
  };
}
