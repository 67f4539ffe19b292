/**
 * TV display sessions: a TV opens `/tv/<id>?token=<display token>` once; the engine trades the token
 * for a random session id in an HttpOnly cookie and drops the token from the address bar, so it
 * never sits in a Referer, a proxy log or browser history. The KV bucket keeps only the session id's
 * SHA-256 (`display.<hash>`) and the hash of the token it stands for: revoking the token ends its
 * display sessions at once, because every request resolves the token again.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Kv } from '@callboard/bus';
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

const enc = new TextEncoder();
const dec = new TextDecoder();

export class DisplaySessionStore {
  constructor(private readonly kv: Kv, private readonly tokens: TokenStore) {}

  /**
   * A session for a display token's secret; null when it is not a live display token. `current` is
   * the cookie the browser already holds: kept when it stands for the same token, so a signage
   * player that reloads its configured link every hour does not pile up sessions.
   */
  async exchange(secret: string, current?: string): Promise<string | null> {
    const p = await this.tokens.verify(secret);
    if (p?.role !== 'display') return null;
    const held = current ? await this.read(key(current)) : null;
    if (held && held.tokenHash === hashSecret(secret) && Date.now() < held.expiresAt) return current!;
    const id = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.kv.put(key(id), enc.encode(JSON.stringify({ tokenHash: hashSecret(secret), createdAt: now, expiresAt: now + DISPLAY_SESSION_MS })));
    return id;
  }

  /** The authenticator: the cookie's session, if live, as its display token's principal. */
  async authenticate(req: FastifyRequest): Promise<(Principal & { token: TokenRecord }) | null> {
    const id = req.cookies?.[DISPLAY_COOKIE];
    if (!id || !sameOrigin(req)) return null;
    const session = await this.read(key(id));
    if (!session || Date.now() > session.expiresAt) return null;
    return this.tokens.verifyHash(session.tokenHash);
  }

  /** Delete sessions that expired or whose token was revoked (called periodically); returns how many. */
  async sweep(): Promise<number> {
    let n = 0;
    for (const k of await this.kv.keys('display.')) {
      const s = await this.read(k);
      if (!s || Date.now() > s.expiresAt || !(await this.tokens.verifyHash(s.tokenHash))) {
        await this.kv.delete(k).catch(() => undefined);
        n++;
      }
    }
    return n;
  }

  private async read(k: string): Promise<z.infer<typeof DisplaySession> | null> {
    const entry = await this.kv.get(k);
    if (!entry) return null;
    const parsed = DisplaySession.safeParse(JSON.parse(dec.decode(entry.value)));
    return parsed.success ? parsed.data : null;
  }
}

const key = (id: string) => `display.${hashSecret(id)}`;
