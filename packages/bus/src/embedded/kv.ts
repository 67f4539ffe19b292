/** Embedded KV bucket: an append-only NDJSON log of {k, v (base64) | null, r} replayed on open, with the CAS rules of NATS KV. */
import fs from 'node:fs';
import { KvConflictError, type Kv, type KvEntry, type KvWatchEvent } from '../types.ts';
import { BusError } from '../errors.ts';
import { assertKvKey } from '../subjects.ts';

interface Slot {
  /** null: a tombstone (deleted key), kept like NATS keeps the delete marker, so its revision still works for update(). */
  value: Uint8Array | null;
  revision: number;
}

interface Line {
  k?: string;
  v?: string | null;
  r?: number;
  /** Header of a compacted file: the bucket's revision counter. */
  rev?: number;
}

export class EmbeddedKv implements Kv {
  private readonly slots = new Map<string, Slot>();
  private readonly watchers = new Set<{ prefix: string; fn: (e: KvWatchEvent) => void }>();
  private revision = 0;
  private lines = 0;
  private fd = -1;

  constructor(readonly file: string) {
    this.replay();
    this.compact();
  }

  async get(key: string): Promise<KvEntry | null> {
    assertKvKey(key);
    const s = this.slots.get(key);
    return s?.value ? { key, value: s.value.slice(), revision: s.revision } : null;
  }

  async create(key: string, value: Uint8Array): Promise<number> {
    assertKvKey(key);
    if (this.slots.get(key)?.value) throw new KvConflictError(`key "${key}" already exists`);
    return this.write(key, value);
  }

  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    assertKvKey(key);
    this.expect(key, revision);
    return this.write(key, value);
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    assertKvKey(key);
    return this.write(key, value);
  }

  async delete(key: string, revision?: number): Promise<void> {
    assertKvKey(key);
    // As in nats.js, revision 0 means "unconditional".
    if (revision) this.expect(key, revision);
    this.write(key, null);
  }

  async keys(prefix = ''): Promise<string[]> {
    const out: string[] = [];
    for (const [k, s] of this.slots) if (s.value && k.startsWith(prefix)) out.push(k);
    return out;
  }

  async watch(onChange: (e: KvWatchEvent) => void, prefix = ''): Promise<() => void> {
    const w = { prefix, fn: onChange };
    this.watchers.add(w);
    return () => {
      this.watchers.delete(w);
    };
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    this.watchers.clear();
  }

  private expect(key: string, revision: number): void {
    const current = this.slots.get(key)?.revision ?? 0;
    if (!(revision >= 1) || current !== revision) {
      throw new KvConflictError(`key "${key}" is at revision ${current}, not ${revision}`);
    }
  }

  /** One write(2) per operation before it resolves: a CAS that succeeded survives a kill -9. */
  private write(key: string, value: Uint8Array | null): number {
    const r = this.revision + 1;
    const line: Line = { k: key, v: value ? Buffer.from(value).toString('base64') : null, r };
    fs.writeSync(this.fd, `${JSON.stringify(line)}\n`);
    this.revision = r;
    this.slots.set(key, { value: value ? value.slice() : null, revision: r });
    this.lines++;
    if (this.lines > 2 * this.slots.size + 10_000) this.compact();
    const event: KvWatchEvent = { key, value: value ? value.slice() : null, revision: r };
    for (const w of this.watchers) {
      if (key.startsWith(w.prefix)) queueMicrotask(() => this.watchers.has(w) && w.fn(event));
    }
    return r;
  }

  private replay(): void {
    if (!fs.existsSync(this.file)) return;
    const text = fs.readFileSync(this.file, 'utf8');
    // A line without its newline was torn by a crash before the write resolved: it never happened.
    const end = text.lastIndexOf('\n');
    for (const raw of text.slice(0, end + 1).split('\n')) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch (err) {
        throw new BusError('BUS_CORRUPT', `bad line in ${this.file}: ${raw.slice(0, 60)}`, { cause: err });
      }
      if (line.rev !== undefined) this.revision = Math.max(this.revision, line.rev);
      if (line.k === undefined || line.r === undefined) continue;
      this.slots.set(line.k, { value: line.v == null ? null : new Uint8Array(Buffer.from(line.v, 'base64')), revision: line.r });
      this.revision = Math.max(this.revision, line.r);
    }
  }

  /** Rewrites the log as one line per key (tombstones included) behind a header holding the revision counter. */
  private compact(): void {
    let text = `${JSON.stringify({ rev: this.revision })}\n`;
    for (const [k, s] of this.slots) {
      text += `${JSON.stringify({ k, v: s.value ? Buffer.from(s.value).toString('base64') : null, r: s.revision })}\n`;
    }
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, text);
    fs.fdatasyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'a');
    this.lines = this.slots.size;
  }
}
