/**
 * Browser sessions: a random id in an HttpOnly cookie, stored only as its SHA-256 in the identity KV
 * bucket (`session.<hash>`) with a sliding idle expiry and an absolute one. Every request re-checks
 * the user (deleted, disabled, password changed), through a cache of a few seconds.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Kv } from '@callboard/bus';
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

const enc = new TextEncoder();
const dec = new TextDecoder();

export class SessionStore {
  private readonly cache = new Map<string, { at: number; session: SessionRecord | null; revision: number }>();

  constructor(private readonly kv: Kv, readonly times: SessionTimes) {}

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
    await this.kv.put(key(id), enc.encode(JSON.stringify(record)));
    return id;
  }

  /** The live session of a cookie value, sliding its expiry; null when unknown or expired (then deleted). */
  async resolve(id: string): Promise<SessionRecord | null> {
    const k = key(id);
    const now = Date.now();
    let hit = this.cache.get(k);
    if (!hit || now - hit.at > 2_000) {
      const entry = await this.kv.get(k);
      hit = { at: now, session: entry ? SessionRecord.parse(JSON.parse(dec.decode(entry.value))) : null, revision: entry?.revision ?? 0 };
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
      await this.kv.put(k, enc.encode(JSON.stringify(touched)));
    }
    return s;
  }

  async destroy(id: string): Promise<void> {
    this.cache.delete(key(id));
    await this.kv.delete(key(id));
  }

  /** Delete expired sessions (called periodically); returns how many. */
  async sweep(): Promise<number> {
    const now = Date.now();
    let n = 0;
    for (const k of await this.kv.keys('session.')) {
      const entry = await this.kv.get(k);
      if (!entry) continue;
      const s = SessionRecord.safeParse(JSON.parse(dec.decode(entry.value)));
      if (!s.success || now - s.data.lastSeenAt > this.times.idleMs || now > s.data.expiresAt) {
        await this.kv.delete(k, entry.revision).catch(() => undefined);
        this.cache.delete(k);
        n++;
      }
    }
    return n;
  }
}

const key = (id: string) => `session.${hashSecret(id)}`;
