/**
 * Browser sessions: a random id in an HttpOnly cookie, stored only as its SHA-256 in the identity KV
 * bucket (IdentityKeys.session) with a sliding idle expiry and an absolute one. Every request re-checks
 * the user (deleted, disabled, password changed), through a cache of a few seconds.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { IdentityKeys } from '@callboard/nats';
import type { Kv } from '@callboard/bus';
import { jsonCodec, KvCollection, KvValueError } from '../kv/kv-collection.ts';
import type { UserRecord } from '../schemas/users.ts';
import { hashSecret } from './tokens.ts';

export const SESSION_COOKIE = 'cb_session';

export const SessionRecord = z.object({
  tenant: z.string(),
  userId: z.string(),
  createdAt: z.number(),
  /** Last request seen, epoch ms (written at most every `touchMs`). */
  lastSeenAt: z.number(),
  /** Absolute end, epoch ms, however active the session is. */
  expiresAt: z.number(),
  ip: z.string(),
  userAgent: z.string(),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

export interface SessionTimes {
  /** Idle time after which a session ends, ms (sliding). */
  idleMs: number;
  /** Longest life of a session, ms. */
  maxMs: number;
}

export class SessionStore {
  private readonly cache = new Map<string, { at: number; session: SessionRecord | null; revision: number }>();

  private readonly sessions: KvCollection<SessionRecord, [hash: string], []>;

  constructor(kv: Kv, readonly times: SessionTimes) {
    this.sessions = new KvCollection(kv, IdentityKeys.session, jsonCodec(SessionRecord));
  }

  /** How often lastSeenAt is written: rarely enough to spare the KV, often enough for the idle limit. */
  private get touchMs(): number {
    return Math.min(60_000, this.times.idleMs / 4);
  }

  async create(user: UserRecord, meta: { ip: string; userAgent: string }): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const now = Date.now();
    const record: SessionRecord = {
      tenant: user.tenant, userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: now + this.times.maxMs,
      ip: meta.ip, userAgent: meta.userAgent.slice(0, 200),
    };
    await this.record(id).put(record);
    return id;
  }

  /** The live session of a cookie value, sliding its expiry; null when unknown or expired (then deleted). */
  async resolve(id: string): Promise<SessionRecord | null> {
    const record = this.record(id);
    const k = record.key;
    const now = Date.now();
    let hit = this.cache.get(k);
    if (!hit || now - hit.at > 2_000) {
      const entry = await record.get();
      hit = { at: now, session: entry?.value ?? null, revision: entry?.revision ?? 0 };
      this.cache.set(k, hit);
      if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    }
    const s = hit.session;
    if (!s) return null;
    if (now - s.lastSeenAt > this.times.idleMs || now > s.expiresAt) {
      await this.destroy(id);
      return null;
    }
    if (now - s.lastSeenAt > this.touchMs) {
      const touched = { ...s, lastSeenAt: now };
      hit.session = touched;
      await record.put(touched);
    }
    return s;
  }

  async destroy(id: string): Promise<void> {
    const record = this.record(id);
    this.cache.delete(record.key);
    await record.delete();
  }

  /** Delete expired sessions (called periodically); returns how many. */
  async sweep(): Promise<number> {
    const now = Date.now();
    let n = 0;
    for (const k of await this.sessions.keys()) {
      const record = this.sessions.atKey(k);
      let s: SessionRecord | null;
      let revision: number;
      try {
        const entry = await record.get();
        if (!entry) continue;
        ({ value: s, revision } = entry);
      } catch (err) {
        // :NOTE: a session that no longer reads as one is swept like an expired one.
        if (!(err instanceof KvValueError)) throw err;
        s = null;
        revision = err.revision;
      }
      if (!s || now - s.lastSeenAt > this.times.idleMs || now > s.expiresAt) {
        await record.delete(revision).catch(() => undefined);
        this.cache.delete(k);
        n++;
      }
    }
    return n;
  }

  /** A session's entry, keyed by the hash of its cookie value (the id itself is never stored). */
  private record(id: string) {
    return this.sessions.at(hashSecret(id));
  }
}
