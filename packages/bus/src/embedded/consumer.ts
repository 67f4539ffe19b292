/** Embedded durable pull consumer: explicit acks, ackWait and nak redelivery, maxAckPending, filterSubject, state that survives kill -9. */
import fs from 'node:fs';
import path from 'node:path';
import type { BusMessage, ConsumerConfig, PullConsumer } from '../types.ts';
import { BusClosedError, BusConfigError } from '../errors.ts';
import { patternCovers, subjectMatches } from '../subjects.ts';
import { SegmentReader } from './segment-log.ts';
import type { EmbeddedStream } from './stream.ts';
import { writeJson } from './stream.ts';
import { ConsumerStateFile, encodeRanges, type Range } from './consumer-state.ts';
import { byTime, Heap } from '@callboard/metrics';
import { Fifo } from './queues.ts';

/** Acks reach the state file at least this often (and at every fetch): a kill -9 redelivers at most this much acked work. */
const ACK_FLUSH_MS = 50;
/** The state log is rewritten as a snapshot past this size. */
const COMPACT_BYTES = 4 << 20;

interface Inflight {
  seq: number;
  subject: string;
  ts: number;
  data: Uint8Array;
  dc: number;
  /** When ackWait runs out, epoch ms; 0 while waiting for a nak delay or queued for redelivery. */
  deadline: number;
  /** Ready time of a pending nak(delay); 0 when none. */
  nakAt: number;
  queued: boolean;
}

export class EmbeddedConsumer implements PullConsumer {
  private readonly matchesAll: boolean;
  private readonly matchCache = new Map<string, boolean>();
  private readonly reader: SegmentReader;
  private readonly state: ConsumerStateFile;
  /** Last seq the delivery cursor passed. */
  private scanned: number;
  private deliveredHigh: number;
  private writtenHigh: number;
  /** Acked before the last restart and not yet passed again by the cursor. */
  private readonly restartAcked: Range[];
  private restartIdx = 0;
  private readonly restartCounts: Map<number, number>;
  private readonly inflight = new Map<number, Inflight>();
  /** Delivered seqs in delivery order; the head is always unacked, so the ack floor is head - 1. */
  private readonly delivered = new Fifo<number>();
  /** ackWait deadlines, one per delivery batch (a seq range) in time order. */
  private readonly deadlines = new Fifo<{ at: number; lo: number; hi: number }>();
  private readonly naks = new Heap<{ at: number; seq: number }>(byTime);
  private readonly redeliver = new Fifo<Inflight>();
  private pendingAcks: number[] = [];
  private pendingLines = '';
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly wakers = new Set<() => void>();
  private closed = false;
  // Lag of a consumer whose filter is narrower than the stream: matches counted past countBase minus those the cursor passed.
  private countReader: SegmentReader | null = null;
  private countBase = 0;
  private counted = 0;
  private passed = 0;
  private countEpoch = -1;

  constructor(
    private readonly stream: EmbeddedStream,
    public config: ConsumerConfig,
  ) {
    const dir = path.join(stream.dir, 'consumers');
    fs.mkdirSync(dir, { recursive: true });
    const cfgFile = path.join(dir, `${config.name}.json`);
    if (fs.existsSync(cfgFile)) {
      const prev = JSON.parse(fs.readFileSync(cfgFile, 'utf8')) as ConsumerConfig;
      if ((prev.filterSubject ?? '') !== (config.filterSubject ?? '')) {
        throw new BusConfigError(`consumer ${config.name}: filterSubject cannot change (${prev.filterSubject} → ${config.filterSubject})`);
      }
    }
    writeJson(cfgFile, config);
    const filter = config.filterSubject;
    this.matchesAll = !filter || stream.config.subjects.every((s) => patternCovers(filter, s));
    this.state = new ConsumerStateFile(path.join(dir, `${config.name}.acks`));
    const restored = this.state.load();
    // After a power loss the ack file may be ahead of the stream's tail; those seqs will be reused by new messages.
    const last = stream.log.committedSeq;
    if (restored.deliveredHigh > last || restored.floor > last) {
      restored.floor = Math.min(restored.floor, last);
      restored.deliveredHigh = Math.min(restored.deliveredHigh, last);
      restored.acked = restored.acked.filter((r) => r[0] <= last).map((r): Range => [r[0], Math.min(r[1], last)]);
    }
    this.scanned = restored.floor;
    this.deliveredHigh = this.writtenHigh = restored.deliveredHigh;
    this.restartAcked = restored.acked;
    this.restartCounts = restored.counts;
    this.reader = new SegmentReader(stream.log);
    this.reader.seek(restored.floor + 1);
    this.compact();
  }

  update(config: ConsumerConfig): void {
    if ((config.filterSubject ?? '') !== (this.config.filterSubject ?? '')) {
      throw new BusConfigError(`consumer ${config.name}: filterSubject cannot change`);
    }
    this.config = config;
    writeJson(path.join(this.stream.dir, 'consumers', `${config.name}.json`), config);
    // Bound again: with cumulative acks, what the earlier binding holds unacked is delivered again at once.
    if (config.ackAll) {
      for (const e of this.inflight.values()) if (!e.queued) this.queue(e);
      this.wake();
    }
  }

  async fetch(max: number, expiresMs: number): Promise<BusMessage[]> {
    if (this.closed) throw new BusClosedError();
    const until = Date.now() + Math.max(0, expiresMs);
    for (;;) {
      const out = this.collect(max);
      const now = Date.now();
      if (out.length > 0 || this.closed || now >= until) return out;
      await this.sleep(Math.min(until, this.nextDueAt()) - now);
    }
  }

  async pending(): Promise<number> {
    const log = this.stream.log;
    if (this.matchesAll) return Math.max(0, log.committedSeq - Math.max(this.scanned, this.deliveredHigh, log.firstSeq - 1));
    if (!this.countReader || this.countEpoch !== this.stream.retentionEpoch) {
      this.countReader?.close();
      this.countBase = Math.max(this.scanned, this.deliveredHigh);
      this.countReader = new SegmentReader(log);
      this.countReader.seek(this.countBase + 1);
      this.counted = this.passed = 0;
      this.countEpoch = this.stream.retentionEpoch;
    }
    while (this.countReader.next()) if (this.matches(this.countReader.subject)) this.counted++;
    return this.counted - this.passed;
  }

  ack(seq: number): void {
    const cumulative = this.config.ackAll === true;
    if (cumulative) {
      // Cumulative: every delivered seq up to this one (delivered holds them in increasing order).
      while (this.delivered.size > 0 && this.delivered.peek()! < seq) {
        const s = this.delivered.shift()!;
        if (this.inflight.delete(s)) this.pendingAcks.push(s);
      }
    }
    if (this.inflight.delete(seq)) this.pendingAcks.push(seq);
    else if (!cumulative) return;
    while (this.delivered.size > 0 && !this.inflight.has(this.delivered.peek()!)) this.delivered.shift();
    if (!this.flushTimer && !this.closed) {
      this.flushTimer = setTimeout(() => this.flushState(), ACK_FLUSH_MS);
      this.flushTimer.unref();
    }
  }

  nak(seq: number, delayMs: number): void {
    const e = this.inflight.get(seq);
    if (!e || e.queued) return;
    e.deadline = 0;
    if (delayMs > 0) {
      e.nakAt = Date.now() + delayMs;
      this.naks.push({ at: e.nakAt, seq });
    } else {
      this.queue(e);
    }
    this.wake();
  }

  close(): void {
    if (this.closed) return;
    this.flushState();
    this.closed = true;
    this.state.close();
    this.reader.close();
    this.countReader?.close();
    this.wake();
  }

  private collect(max: number): BusMessage[] {
    const out: BusMessage[] = [];
    if (this.closed || max <= 0) return out;
    const now = Date.now();
    this.expire(now);
    const deadline = now + this.config.ackWaitMs;
    while (out.length < max && this.redeliver.size > 0) {
      const e = this.redeliver.shift()!;
      if (!e.queued || !this.inflight.has(e.seq)) continue;
      e.queued = false;
      e.dc++;
      e.deadline = deadline;
      this.deadlines.push({ at: deadline, lo: e.seq, hi: e.seq });
      this.pendingLines += `R ${e.seq} ${e.dc}\n`;
      out.push(new EmbeddedMessage(this, e));
    }
    const budget = Math.min(max - out.length, this.config.maxAckPending - this.inflight.size);
    if (budget > 0) this.scan(budget, deadline, out);
    this.flushState();
    return out;
  }

  /** Reads forward from the cursor: new deliveries, plus unacked ones from before a restart. */
  private scan(budget: number, deadline: number, out: BusMessage[]): void {
    const r = this.reader;
    const first = this.stream.log.firstSeq;
    // Age retention dropped what the cursor had not reached: skip to the oldest stored message.
    if (this.scanned < first - 1) {
      r.seek(first);
      this.scanned = first - 1;
    }
    let lo = 0;
    let hi = 0;
    while (budget > 0 && r.next()) {
      const seq = r.seq;
      if (seq <= this.scanned) continue;
      this.scanned = seq;
      if (!this.matchesAll && !this.matches(r.subject)) continue;
      if (seq > this.countBase) this.passed++;
      let dc = 1;
      if (seq <= this.deliveredHigh) {
        if (this.wasAcked(seq)) {
          if (this.delivered.size > 0) this.delivered.push(seq);
          continue;
        }
        dc = (this.restartCounts.get(seq) ?? 1) + 1;
        this.restartCounts.delete(seq);
      } else {
        this.deliveredHigh = seq;
      }
      const e: Inflight = { seq, subject: r.subject, ts: r.ts, data: r.data(), dc, deadline, nakAt: 0, queued: false };
      this.inflight.set(seq, e);
      this.delivered.push(seq);
      if (dc > 1) this.pendingLines += `R ${seq} ${dc}\n`;
      if (lo === 0) lo = seq;
      hi = seq;
      out.push(new EmbeddedMessage(this, e));
      budget--;
    }
    if (lo > 0) this.deadlines.push({ at: deadline, lo, hi });
  }

  /** Moves messages whose ackWait or nak delay ran out to the redelivery queue. */
  private expire(now: number): void {
    while (this.deadlines.size > 0 && this.deadlines.peek()!.at <= now) {
      const d = this.deadlines.shift()!;
      for (let seq = d.lo; seq <= d.hi; seq++) {
        const e = this.inflight.get(seq);
        if (e && e.deadline !== 0 && e.deadline <= now) this.queue(e);
      }
    }
    while (this.naks.size > 0 && this.naks.peek()!.at <= now) {
      const n = this.naks.pop()!;
      const e = this.inflight.get(n.seq);
      if (e && e.nakAt === n.at && !e.queued) this.queue(e);
    }
  }

  private queue(e: Inflight): void {
    e.deadline = 0;
    e.nakAt = 0;
    e.queued = true;
    this.redeliver.push(e);
  }

  private nextDueAt(): number {
    return Math.min(this.deadlines.peek()?.at ?? Infinity, this.naks.peek()?.at ?? Infinity);
  }

  private wasAcked(seq: number): boolean {
    const ranges = this.restartAcked;
    while (this.restartIdx < ranges.length && ranges[this.restartIdx][1] < seq) this.restartIdx++;
    return this.restartIdx < ranges.length && ranges[this.restartIdx][0] <= seq;
  }

  private matches(subject: string): boolean {
    let m = this.matchCache.get(subject);
    if (m === undefined) {
      m = subjectMatches(this.config.filterSubject!, subject);
      if (this.matchCache.size > 100_000) this.matchCache.clear();
      this.matchCache.set(subject, m);
    }
    return m;
  }

  private flushState(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.closed) return;
    let text = this.pendingLines;
    if (this.deliveredHigh !== this.writtenHigh) text += `D ${this.deliveredHigh}\n`;
    if (this.pendingAcks.length > 0) text += `A ${encodeRanges(this.pendingAcks.sort((a, b) => a - b))}\n`;
    if (!text) return;
    this.state.append(text);
    this.pendingLines = '';
    this.pendingAcks = [];
    this.writtenHigh = this.deliveredHigh;
    if (this.state.size > COMPACT_BYTES) this.compact();
  }

  /** Rewrites the state file as one snapshot of what is still needed after a restart. */
  private compact(): void {
    const floor = this.delivered.size > 0 ? this.delivered.peek()! - 1 : this.scanned;
    const acked: number[] = [];
    for (const seq of this.delivered.values()) if (!this.inflight.has(seq)) acked.push(seq);
    let text = `S ${floor} ${this.deliveredHigh}\n`;
    const later: string[] = [];
    for (let i = this.restartIdx; i < this.restartAcked.length; i++) {
      const [lo, hi] = this.restartAcked[i];
      if (hi <= this.scanned) continue;
      const from = Math.max(lo, this.scanned + 1);
      later.push(from === hi ? `${hi}` : `${from}-${hi}`);
    }
    const ranges = [encodeRanges(acked), ...later].filter(Boolean).join(' ');
    if (ranges) text += `A ${ranges}\n`;
    for (const e of this.inflight.values()) if (e.dc > 1) text += `R ${e.seq} ${e.dc}\n`;
    for (const [seq, n] of this.restartCounts) if (seq > this.scanned) text += `R ${seq} ${n}\n`;
    this.state.rewrite(text);
    this.pendingLines = '';
    this.pendingAcks = [];
    this.writtenHigh = this.deliveredHigh;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        cancel();
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      const cancel = this.stream.onAppend(done);
      this.wakers.add(done);
    });
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }
}

class EmbeddedMessage implements BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly seq: number;
  readonly deliveryCount: number;
  readonly timestamp: number;

  constructor(
    private readonly owner: EmbeddedConsumer,
    e: Inflight,
  ) {
    this.subject = e.subject;
    this.data = e.data;
    this.seq = e.seq;
    this.deliveryCount = e.dc;
    this.timestamp = e.ts;
  }

  ack(): void {
    this.owner.ack(this.seq);
  }

  nak(delayMs?: number): void {
    this.owner.nak(this.seq, delayMs ?? 0);
  }

  /** Recorded like an ack (cumulative too, as +TERM on NATS): the message is done and never redelivered. */
  term(): void {
    this.owner.ack(this.seq);
  }
}
