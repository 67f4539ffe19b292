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
  private readonly dedupe = new Map<string, { seq: number; ts: number }>();
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
      if (seen) return (this.batch?.promise ?? Promise.resolve()).then(() => ({ seq: seen.seq, duplicate: true }));
    }
    const seq = this.log.lastSeq + 1;
    this.log.encode(seq, now, subject, msgId ?? '', data);
    if (msgId) this.dedupe.set(msgId, { seq, ts: now });
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

  private evictDedupe(now: number): void {
    const cutoff = now - this.config.duplicateWindowMs;
    // Map order is insertion order, i.e. publish time: stop at the first id still inside the window.
    for (const [id, seen] of this.dedupe) {
      if (seen.ts >= cutoff) break;
      this.dedupe.delete(id);
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
      if (id) this.dedupe.set(id, { seq: r.seq, ts: r.ts });
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
