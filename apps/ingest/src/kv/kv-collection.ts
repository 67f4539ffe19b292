/** One typed collection of KV entries: keys from a family declared in @callboard/nats, values through a codec (zod-checked JSON or plain text). */
import type { z } from 'zod';
import type { Kv } from '@callboard/bus';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** How values are written and read back; `decode` throws on a value it does not accept. */
export interface Codec<T> {
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

/** JSON checked by a zod schema on every read (and on write, so nothing invalid is stored). */
export function jsonCodec<S extends z.ZodType>(schema: S): Codec<z.output<S>> {
  return {
    encode: (value) => enc.encode(JSON.stringify(schema.parse(value))),
    decode: (bytes) => schema.parse(JSON.parse(dec.decode(bytes))),
  };
}

/** A plain string (index entries whose value is another key's id). */
export const textCodec: Codec<string> = { encode: (value) => enc.encode(value), decode: (bytes) => dec.decode(bytes) };

/** A stored value with its key and revision (the compare-and-set token). */
export interface Stored<T> {
  key: string;
  value: T;
  revision: number;
}

/** A stored value the codec refused (written by hand, or by an older version). */
export class KvValueError extends Error {
  readonly code = 'KV_BAD_VALUE';
  /** `revision`: the refused value's, so that it can be deleted by compare-and-set. */
  constructor(readonly key: string, readonly revision: number, options?: { cause?: unknown }) {
    super(`KV entry "${key}" does not hold a valid value`, options);
    this.name = 'KvValueError';
  }
}

/** The key builder and list prefix of one family (TenantKeyFamily, GlobalKeyFamily or a bucket's own). */
export interface KeyFamily<A extends string[], P extends string[]> {
  key(...args: A): string;
  prefix(...args: P): string;
}

/** One key of a collection: read, create, compare-and-set, delete. */
export class KvRecord<T> {
  constructor(private readonly kv: Kv, readonly key: string, private readonly codec: Codec<T>) {}

  /** The value and its revision; null when missing; KvValueError when the codec refuses it. */
  async get(): Promise<Stored<T> | null> {
    const e = await this.kv.get(this.key);
    if (!e) return null;
    try {
      return { key: this.key, value: this.codec.decode(e.value), revision: e.revision };
    } catch (err) {
      throw new KvValueError(this.key, e.revision, { cause: err });
    }
  }

  /** Create; KvConflictError when the key exists. Returns the revision. */
  async create(value: T): Promise<number> {
    return this.kv.create(this.key, this.codec.encode(value));
  }

  /** Write only if the key's last revision is `revision`; KvConflictError otherwise. */
  async update(value: T, revision: number): Promise<number> {
    return this.kv.update(this.key, this.codec.encode(value), revision);
  }

  /** Unconditional write. */
  async put(value: T): Promise<number> {
    return this.kv.put(this.key, this.codec.encode(value));
  }

  /** Delete; with `revision`, only if it is still the last one. */
  delete(revision?: number): Promise<void> {
    return this.kv.delete(this.key, revision);
  }
}

export class KvCollection<T, A extends string[], P extends string[]> {
  constructor(readonly kv: Kv, private readonly family: KeyFamily<A, P>, private readonly codec: Codec<T>) {}

  /** The entry at the key built from `args`. */
  at(...args: A): KvRecord<T> {
    return new KvRecord(this.kv, this.family.key(...args), this.codec);
  }

  /** The entry at a key listed by `keys` (already built). */
  atKey(key: string): KvRecord<T> {
    return new KvRecord(this.kv, key, this.codec);
  }

  /** Keys of the family under the prefix built from `args` (e.g. one tenant's). */
  keys(...args: P): Promise<string[]> {
    return this.kv.keys(this.family.prefix(...args));
  }

  /** Every value under the prefix; entries deleted while listing are left out; KvValueError on a refused value. */
  async list(...args: P): Promise<Stored<T>[]> {
    const out: Stored<T>[] = [];
    for (const key of await this.keys(...args)) {
      const s = await this.atKey(key).get();
      if (s) out.push(s);
    }
    return out;
  }

  /**
   * Changes under the prefix after the call (value null: deleted), until the returned function is called.
   * :NOTE: values the codec refuses are not passed on: a watcher keeps the last valid state.
   */
  watch(onChange: (key: string, value: T | null) => void, ...args: P): Promise<() => void> {
    return this.kv.watch((e) => {
      if (e.value === null) return onChange(e.key, null);
      let value: T;
      try {
        value = this.codec.decode(e.value);
      } catch {
        return;
      }
      onChange(e.key, value);
    }, this.family.prefix(...args));
  }
}
