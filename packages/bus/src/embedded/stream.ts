/** One embedded stream: persisted config, publish batching with msgId dedupe, age retention and wake-ups for waiting fetches. */
import fs from 'node:fs';
import path from 'node:path';
import type { PublishAck, StreamConfig } from '../types.ts';
import { SegmentLog, SegmentReader } from './segment-log.ts';

/** Publishes buffered past this many bytes are written at once instead of at the end of the tick. */
const FLUSH_BYTES = 1 << 20;

export interface StreamStorageOptions {
  segmentBytes: number;
  syncIntervalMs: number;
}

interface Batch {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class EmbeddedStream {
  readonly log: SegmentLog;
  /** Bumped whenever age retention drops a segment (consumers recount their pending messages). */
  retentionEpoch = 0;
  /**
   * The duplicate window: msgId → seq, in publish order, with the publish times beside it in the
   * same order (a number each rather than an object per id: a busy window holds millions of ids).
   */
  private readonly dedupe = new Map<string, number>();
  private dedupeTimes: number[] = [];
  private dedupeHead = 0;
  private readonly waiters = new Set<() => void>();
  private batch: Batch | null = null;
  private readonly retentionTimer: NodeJS.Timeout;

  private constructor(
    readonly dir: string,
    public config: StreamConfig,
    storage: StreamStorageOptions,
  ) {
    this.log = new SegmentLog(path.join(dir, 'log'), {
      segmentBytes: storage.segmentBytes,
      // Without writes for a while the active segment still gets sealed, so retention can drop it.
      segmentMaxAgeMs: Math.max(1000, config.maxAgeMs / 8),
      syncIntervalMs: storage.syncIntervalMs,
    });
    this.log.open();
    this.applyRetention();
    this.rebuildDedupe();
    this.retentionTimer = setInterval(() => this.applyRetention(), Math.min(60_000, Math.max(1000, config.maxAgeMs / 10)));
    this.retentionTimer.unref();
  }

  static open(dir: string, config: StreamConfig, storage: StreamStorageOptions): EmbeddedStream {
    fs.mkdirSync(dir, { recursive: true });
    writeJson(path.join(dir, 'stream.json'), config);
    return new EmbeddedStream(dir, config, storage);
  }

  static readConfig(dir: string): StreamConfig | null {
    const file = path.join(dir, 'stream.json');
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as StreamConfig) : null;
  }

  updateConfig(config: StreamConfig): void {
    this.config = config;
    writeJson(path.join(this.dir, 'stream.json'), config);
    this.applyRetention();
  }

  /** Resolves once the record is written (one write(2) per tick's worth of publishes). */
  publish(subject: string, data: Uint8Array, msgId?: string): Promise<PublishAck> {
    if (this.log.failed) return Promise.reject(this.log.failed);
    const now = Date.now();
    if (msgId) {
      this.evictDedupe(now);
      const seen = this.dedupe.get(msgId);
      // A duplicate of a still-buffered original resolves only when the original is stored.
      if (seen !== undefined) return (this.batch?.promise ?? Promise.resolve()).then(() => ({ seq: seen, duplicate: true }));
    }
    const seq = this.log.lastSeq + 1;
    this.log.encode(seq, now, subject, msgId ?? '', data);
    if (msgId) this.remember(msgId, seq, now);
    const batch = this.batch ?? this.startBatch();
    if (this.log.bufferedBytes >= FLUSH_BYTES) this.flush();
    return batch.promise.then(() => ({ seq, duplicate: false }));
  }

  /** Calls `fn` once after the next write; returns a function that cancels it. */
  onAppend(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  async close(): Promise<void> {
    clearInterval(this.retentionTimer);
    this.flush();
    await this.log.close();
  }

  private startBatch(): Batch {
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.batch = { promise, resolve, reject };
    queueMicrotask(() => this.flush());
    return this.batch;
  }

  private flush(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    try {
      this.log.flush();
    } catch (err) {
      batch.reject(err);
      return;
    }
    batch.resolve();
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }

  private remember(id: string, seq: number, ts: number): void {
    if (this.dedupe.has(id)) return; // keeps its place (and its time) in the window
    this.dedupe.set(id, seq);
    this.dedupeTimes.push(ts);
  }

  private evictDedupe(now: number): void {
    const cutoff = now - this.config.duplicateWindowMs;
    const times = this.dedupeTimes;
    if (this.dedupeHead >= times.length || times[this.dedupeHead] >= cutoff) return;
    // Map order is insertion order, the order of `times`: drop ids from the front while their time is out.
    const ids = this.dedupe.keys();
    while (this.dedupeHead < times.length && times[this.dedupeHead] < cutoff) {
      this.dedupe.delete(ids.next().value!);
      this.dedupeHead++;
    }
    if (this.dedupeHead > 65_536 && this.dedupeHead * 2 > times.length) {
      this.dedupeTimes = times.slice(this.dedupeHead);
      this.dedupeHead = 0;
    }
  }

  /** Re-reads the msgIds published within the duplicate window (the window survives a restart, as on NATS). */
  private rebuildDedupe(): void {
    const cutoff = Date.now() - this.config.duplicateWindowMs;
    const segs = this.log.segments;
    let i = segs.length - 1;
    while (i > 0 && segs[i - 1].lastTs >= cutoff) i--;
    const r = new SegmentReader(this.log);
    r.seek(segs[i].base);
    while (r.next()) {
      if (r.ts < cutoff) continue;
      const id = r.msgId();
      if (id) this.remember(id, r.seq, r.ts);
    }
    r.close();
  }

  private applyRetention(): void {
    if (this.batch) return;
    if (this.log.dropOlderThan(Date.now() - this.config.maxAgeMs) > 0) this.retentionEpoch++;
  }
}

/** Write-then-rename, so a crash leaves either the old or the new file. */
export function writeJson(file: string, value: unknown): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2));
  fs.renameSync(tmp, file);
}
