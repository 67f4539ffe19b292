/**
 * TV display sessions: a TV opens `/tv/<id>?token=<display token>` once; the engine trades the token
 * for a random session id in an HttpOnly cookie and drops the token from the address bar, so it
 * never sits in a Referer, a proxy log or browser history. The KV bucket keeps only the session id's
 * SHA-256 (IdentityKeys.display) and the hash of the token it stands for: revoking the token ends its
 * display sessions at once, because every request resolves the token again.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdentityKeys } from '@callboard/nats';
import type { Kv } from '@callboard/bus';
import { jsonCodec, KvCollection, KvValueError, type KvRecord } from '../kv/kv-collection.ts';
import type { Principal } from './roles.ts';
import { sameOrigin } from './same-origin.ts';
import { hashSecret, type TokenRecord, type TokenStore } from './tokens.ts';

export const DISPLAY_COOKIE = 'cb_display';

/** Longest life of a display session, ms: 400 days, the most browsers keep a cookie. */
export const DISPLAY_SESSION_MS = 400 * 24 * 3600_000;

const DisplaySession = z.object({
  /** SHA-256 of the display token's secret (the token store's key). */
  tokenHash: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
type DisplaySession = z.infer<typeof DisplaySession>;

export class DisplaySessionStore {
  private readonly sessions: KvCollection<DisplaySession, [hash: string], []>;

  constructor(kv: Kv, private readonly tokens: TokenStore) {
    this.sessions = new KvCollection(kv, IdentityKeys.display, jsonCodec(DisplaySession));
  }

  /**
   * A session for a display token's secret; null when it is not a live display token. `current` is
   * the cookie the browser already holds: kept when it stands for the same token, so a signage
   * player that reloads its configured link every hour does not pile up sessions.
   */
  async exchange(secret: string, current?: string): Promise<string | null> {
    const p = await this.tokens.verify(secret);
    if (p?.role !== 'display') return null;
    const held = current ? await read(this.record(current)) : null;
    if (held && held.tokenHash === hashSecret(secret) && Date.now() < held.expiresAt) return current!;
    const id = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.record(id).put({ tokenHash: hashSecret(secret), createdAt: now, expiresAt: now + DISPLAY_SESSION_MS });
    return id;
  }

  /** The authenticator: the cookie's session, if live, as its display token's principal. */
  async authenticate(req: FastifyRequest): Promise<(Principal & { token: TokenRecord }) | null> {
    const id = req.cookies?.[DISPLAY_COOKIE];
    if (!id || !sameOrigin(req)) return null;
    const session = await read(this.record(id));
    if (!session || Date.now() > session.expiresAt) return null;
    return this.tokens.verifyHash(session.tokenHash);
  }

  /** Delete sessions that expired or whose token was revoked (called periodically); returns how many. */
  async sweep(): Promise<number> {
    let n = 0;
    for (const k of await this.sessions.keys()) {
      const record = this.sessions.atKey(k);
      const s = await read(record);
      if (!s || Date.now() > s.expiresAt || !(await this.tokens.verifyHash(s.tokenHash))) {
        await record.delete().catch(() => undefined);
        n++;
      }
    }
    return n;
  }

  /** A display session's entry, keyed by the hash of its cookie value (the id itself is never stored). */
  private record(id: string): KvRecord<DisplaySession> {
    return this.sessions.at(hashSecret(id));
  }
}

/** A display session, or null when missing or no longer readable as one (then it is swept). */
async function read(record: KvRecord<DisplaySession>): Promise<DisplaySession | null> {
  try {
    return (await record.get())?.value ?? null;
  } catch (err) {
    if (err instanceof KvValueError) return null;
    throw err;
  }
}
