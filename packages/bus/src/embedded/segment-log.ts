/** Append-only segment files of one embedded stream: binary records, rotation, torn-tail repair, batched fdatasync and a sequential reader. */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { BusError } from '../errors.ts';

// Record layout, little endian: u32 bodyLength | u32 crc32(body) | body
// body: f64 seq | f64 ts | u16 subjectBytes | u16 msgIdBytes | subject | msgId | data
const HEAD = 8;
const FIXED = 20;
const SUFFIX = '.seg';

export interface Segment {
  /** First sequence of this file (its name). */
  base: number;
  file: string;
  /** Committed bytes: everything handed to write(2). Readers never look past it. */
  size: number;
  /** Last committed sequence in the file (base - 1 while empty). */
  last: number;
  /** Epoch ms of the first and last record; for sealed segments found at open both are the file's mtime. */
  firstTs: number;
  lastTs: number;
}

export interface SegmentLogOptions {
  /** Rotate when the active segment reaches this many bytes. */
  segmentBytes: number;
  /** Rotate when the active segment's first record is older than this, ms, so age retention can drop whole files. */
  segmentMaxAgeMs: number;
  /** fdatasync the active segment at most this often, ms (0: never). */
  syncIntervalMs: number;
}

export class SegmentLog {
  readonly segments: Segment[] = [];
  /** Last sequence encoded (committed or still buffered). */
  lastSeq = 0;
  /** A failed write or fdatasync: the log refuses further writes. */
  failed: Error | null = null;
  private fd = -1;
  private buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private bufferedLastTs = 0;
  private dirty = false;
  /** fdatasync and close of sealed files run in order on this chain, never blocking publishes. */
  private chain: Promise<void> = Promise.resolve();
  private syncBusy = false;
  private syncTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly dir: string,
    private readonly opts: SegmentLogOptions,
  ) {}

  get active(): Segment {
    return this.segments[this.segments.length - 1];
  }

  /** Last sequence readers can see. */
  get committedSeq(): number {
    return this.active.last;
  }

  /** First stored sequence (lastSeq + 1 when empty). */
  get firstSeq(): number {
    const first = this.segments.find((s) => s.last >= s.base);
    return first ? first.base : this.committedSeq + 1;
  }

  get bufferedBytes(): number {
    return this.used;
  }

  /** Loads the segment list and repairs a torn tail of the last segment (left by a crash mid-write or a power loss). */
  open(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const bases = fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith(SUFFIX))
      .map((f) => Number(f.slice(0, -SUFFIX.length)))
      .filter((n) => Number.isSafeInteger(n) && n > 0)
      .sort((a, b) => a - b);
    for (let i = 0; i < bases.length; i++) {
      const file = this.fileFor(bases[i]);
      const st = fs.statSync(file);
      const last = i + 1 < bases.length ? bases[i + 1] - 1 : bases[i] - 1;
      this.segments.push({ base: bases[i], file, size: st.size, last, firstTs: st.mtimeMs, lastTs: st.mtimeMs });
    }
    if (this.segments.length === 0) {
      this.segments.push(this.newSegment(1));
      fs.writeFileSync(this.active.file, '');
    } else {
      this.repairTail(this.active);
    }
    this.lastSeq = this.active.last;
    this.fd = fs.openSync(this.active.file, 'a');
    if (this.opts.syncIntervalMs > 0) {
      this.syncTimer = setInterval(() => this.syncSoon(), this.opts.syncIntervalMs);
      this.syncTimer.unref();
    }
  }

  /** Buffers one record; `flush()` makes it durable and visible. */
  encode(seq: number, ts: number, subject: string, msgId: string, data: Uint8Array): void {
    const max = HEAD + FIXED + subject.length * 3 + msgId.length * 3 + data.length;
    if (this.used + max > this.buf.length) this.grow(this.used + max);
    const b = this.buf;
    const start = this.used;
    let o = start + HEAD + FIXED;
    const sl = b.write(subject, o, 'utf8');
    o += sl;
    const ml = msgId ? b.write(msgId, o, 'utf8') : 0;
    o += ml;
    b.set(data, o);
    o += data.length;
    b.writeUInt32LE(o - start - HEAD, start);
    b.writeDoubleLE(seq, start + HEAD);
    b.writeDoubleLE(ts, start + HEAD + 8);
    b.writeUInt16LE(sl, start + HEAD + 16);
    b.writeUInt16LE(ml, start + HEAD + 18);
    b.writeUInt32LE(crc32(b.subarray(start + HEAD, o)), start + 4);
    this.used = o;
    this.lastSeq = seq;
    this.bufferedLastTs = ts;
  }

  /** Writes buffered records with one write(2): once it returns they survive a kill -9 of this process. */
  flush(): void {
    if (this.used === 0) return;
    if (this.failed) throw this.failed;
    const now = Date.now();
    // Rotate before writing, so a record never lands in a segment that is already too big or too old to be dropped.
    const cur = this.active;
    if (cur.last >= cur.base && (cur.size >= this.opts.segmentBytes || now - cur.firstTs >= this.opts.segmentMaxAgeMs)) this.rotate();
    const seg = this.active;
    try {
      let off = 0;
      while (off < this.used) off += fs.writeSync(this.fd, this.buf, off, this.used - off);
    } catch (err) {
      this.failed = new BusError('BUS_WRITE', `writing ${seg.file} failed`, { cause: err });
      throw this.failed;
    }
    if (seg.last < seg.base) seg.firstTs = now;
    seg.size += this.used;
    seg.last = this.lastSeq;
    seg.lastTs = this.bufferedLastTs;
    this.used = 0;
    this.dirty = true;
    if (this.buf.length > 16 << 20) this.buf = Buffer.allocUnsafe(1 << 20);
  }

  /** Drops whole segments whose newest record is older than `cutoffTs`; the active one is first sealed if it is that old. */
  dropOlderThan(cutoffTs: number): number {
    const a = this.active;
    if (this.used === 0 && a.last >= a.base && a.lastTs < cutoffTs) this.rotate();
    let dropped = 0;
    while (this.segments.length > 1 && this.segments[0].lastTs < cutoffTs) {
      const seg = this.segments.shift()!;
      fs.rmSync(seg.file, { force: true });
      dropped++;
    }
    return dropped;
  }

  /** The segment holding `seq` (the first one when `seq` was dropped). */
  segmentFor(seq: number): Segment {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid].base <= seq) lo = mid;
      else hi = mid - 1;
    }
    return this.segments[lo];
  }

  /** The segment following `seg`, even when `seg` itself was already dropped. */
  segmentAfter(seg: Segment): Segment | null {
    for (const s of this.segments) if (s.base > seg.base) return s;
    return null;
  }

  async close(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.flush();
    await this.chain;
    if (this.dirty) fs.fdatasyncSync(this.fd);
    fs.closeSync(this.fd);
  }

  /** Background fdatasync: a power loss costs at most ~syncIntervalMs of publishes; a kill -9 costs none. */
  private syncSoon(): void {
    if (this.syncBusy || !this.dirty || this.failed) return;
    this.dirty = false;
    this.syncBusy = true;
    const fd = this.fd;
    this.chain = this.chain.then(() => this.datasync(fd)).then(() => {
      this.syncBusy = false;
    });
  }

  /** Seals the active file (synced and closed in the background) and starts the next one. */
  private rotate(): void {
    const old = this.fd;
    const dirty = this.dirty;
    this.dirty = false;
    this.chain = this.chain
      .then(() => (dirty ? this.datasync(old) : undefined))
      .then(() => fs.closeSync(old))
      .catch((err: unknown) => {
        this.failed ??= new BusError('BUS_SYNC', 'closing a sealed segment failed', { cause: err });
      });
    const seg = this.newSegment(this.active.last + 1);
    this.segments.push(seg);
    this.fd = fs.openSync(seg.file, 'a');
  }

  private datasync(fd: number): Promise<void> {
    return new Promise((resolve) => {
      fs.fdatasync(fd, (err) => {
        if (err) this.failed ??= new BusError('BUS_SYNC', `fdatasync in ${this.dir} failed`, { cause: err });
        resolve();
      });
    });
  }

  private newSegment(base: number): Segment {
    return { base, file: this.fileFor(base), size: 0, last: base - 1, firstTs: Date.now(), lastTs: Date.now() };
  }

  private fileFor(base: number): string {
    return path.join(this.dir, `${String(base).padStart(16, '0')}${SUFFIX}`);
  }

  private grow(min: number): void {
    const next = Buffer.allocUnsafe(Math.max(min, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }

  private repairTail(seg: Segment): void {
    const r = new SegmentReader(this, true);
    r.start(seg);
    let expect = seg.base;
    let first = 0;
    while (r.next()) {
      if (r.seq !== expect) break;
      if (first === 0) first = r.ts;
      seg.lastTs = r.ts;
      expect++;
    }
    const end = r.position;
    r.close();
    seg.last = expect - 1;
    if (first) seg.firstTs = first;
    if (end < seg.size) {
      fs.truncateSync(seg.file, end);
      seg.size = end;
    }
  }
}

/** Reads records forward from a sequence, across segment files; fields are valid until the next call to next(). */
export class SegmentReader {
  seq = 0;
  ts = 0;
  subject = '';
  private seg: Segment | null = null;
  private fd = -1;
  private pos = 0;
  private chunk = Buffer.allocUnsafe(256 << 10);
  private chunkPos = 0;
  private chunkLen = 0;
  private msgIdStart = 0;
  private dataStart = 0;
  private dataEnd = 0;

  /** `verify`: check crc and lengths and stop at the first bad record instead of throwing (used to repair a tail). */
  constructor(
    private readonly log: SegmentLog,
    private readonly verify = false,
  ) {}

  get position(): number {
    return this.pos;
  }

  /** Positions the reader before the first record with seq >= target. */
  seek(target: number): void {
    this.start(this.log.segmentFor(target));
    while (this.load() && this.chunk.readDoubleLE(this.pos - this.chunkPos + HEAD) < target) {
      this.pos += HEAD + this.chunk.readUInt32LE(this.pos - this.chunkPos);
    }
  }

  start(seg: Segment): void {
    this.close();
    this.seg = seg;
    this.pos = 0;
    this.chunkLen = 0;
    try {
      this.fd = fs.openSync(seg.file, 'r');
    } catch (err) {
      // Age retention removed the file under us: continue with the next one.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.fd = -1;
    }
  }

  /** Advances to the next committed record; false at the end of what was written so far. */
  next(): boolean {
    if (!this.load()) return false;
    const c = this.chunk;
    const o = this.pos - this.chunkPos;
    const len = c.readUInt32LE(o);
    const body = o + HEAD;
    this.seq = c.readDoubleLE(body);
    this.ts = c.readDoubleLE(body + 8);
    const sl = c.readUInt16LE(body + 16);
    const ml = c.readUInt16LE(body + 18);
    const s = body + FIXED;
    this.subject = c.toString('utf8', s, s + sl);
    this.msgIdStart = s + sl;
    this.dataStart = s + sl + ml;
    this.dataEnd = body + len;
    this.pos += HEAD + len;
    return true;
  }

  /** A copy of the current record's payload. */
  data(): Uint8Array {
    const out = Buffer.allocUnsafe(this.dataEnd - this.dataStart);
    this.chunk.copy(out, 0, this.dataStart, this.dataEnd);
    return out;
  }

  msgId(): string {
    return this.chunk.toString('utf8', this.msgIdStart, this.dataStart);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Makes the whole record at `pos` available in `chunk`; moves on to the next segment at the end of a sealed one. */
  private load(): boolean {
    for (;;) {
      const seg = this.seg;
      if (!seg) return false;
      const sealed = seg !== this.log.active;
      const limit = this.fd < 0 ? 0 : seg.size;
      if (this.pos + HEAD > limit) {
        if (!sealed || this.verify) return false;
        const next = this.log.segmentAfter(seg);
        if (!next) return false;
        this.start(next);
        continue;
      }
      if (this.pos + HEAD > this.chunkPos + this.chunkLen || this.pos < this.chunkPos) this.fill(limit, HEAD);
      const len = this.chunk.readUInt32LE(this.pos - this.chunkPos);
      if (len < FIXED || this.pos + HEAD + len > limit) {
        if (this.verify) return false;
        throw new BusError('BUS_CORRUPT', `bad record length ${len} at ${seg.file}:${this.pos}`);
      }
      if (this.pos + HEAD + len > this.chunkPos + this.chunkLen) this.fill(limit, HEAD + len);
      if (this.verify) {
        const o = this.pos - this.chunkPos;
        if (crc32(this.chunk.subarray(o + HEAD, o + HEAD + len)) !== this.chunk.readUInt32LE(o + 4)) return false;
      }
      return true;
    }
  }

  private fill(limit: number, need: number): void {
    if (need > this.chunk.length) this.chunk = Buffer.allocUnsafe(need);
    const n = Math.min(this.chunk.length, limit - this.pos);
    let got = 0;
    while (got < n) {
      const r = fs.readSync(this.fd, this.chunk, got, n - got, this.pos + got);
      if (r === 0) break;
      got += r;
    }
    this.chunkPos = this.pos;
    this.chunkLen = got;
  }
}
