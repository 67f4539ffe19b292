/**
 * Login back-off, per login and per client IP, kept in the identity KV bucket so that every engine
 * instance and a restart see the same counts: after `threshold` failures within the window each
 * further failure doubles the lock-out (capped). During a lock-out even the right password gets 429.
 */
import { createHash } from 'node:crypto';
import { KvConflictError, type Kv } from '@callboard/bus';

export interface ThrottleRule {
  /** Failures allowed before the first lock-out. */
  threshold: number;
  /** First lock-out, ms; doubled for each further failure. */
  baseMs: number;
  /** Longest lock-out, ms. */
  maxMs: number;
  /** Failures older than this are forgotten, ms. */
  windowMs: number;
}

interface Counter {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export interface ThrottleKey {
  /** KV key of the counter. */
  key: string;
  rule: ThrottleRule;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export class LoginThrottle {
  constructor(private readonly kv: Kv, private readonly perLogin: ThrottleRule, private readonly perIp: ThrottleRule) {}

  keys(tenant: string, login: string, ip: string): { login: ThrottleKey; ip: ThrottleKey } {
    return {
      login: { key: `throttle.login.${digest(`${tenant}\n${login}`)}`, rule: this.perLogin },
      // :NOTE: IPv6 addresses contain ':' which KV keys refuse; hashed.
      ip: { key: `throttle.ip.${digest(ip)}`, rule: this.perIp },
    };
  }

  /** Milliseconds until a login may be tried again (0: now). */
  async retryAfter(keys: ThrottleKey[]): Promise<number> {
    const now = Date.now();
    let wait = 0;
    for (const k of keys) {
      const c = await this.read(k.key);
      if (c) wait = Math.max(wait, c.counter.lockedUntil - now);
    }
    return Math.max(0, wait);
  }

  async fail(keys: ThrottleKey[]): Promise<void> {
    for (const k of keys) await this.bump(k);
  }

  async reset(k: ThrottleKey): Promise<void> {
    await this.kv.delete(k.key);
  }

  /** Forget counters whose failures are out of the window and whose lock-out is over (sprayed logins would pile up). */
  async sweep(): Promise<number> {
    const now = Date.now();
    const windowMs = Math.max(this.perLogin.windowMs, this.perIp.windowMs);
    let n = 0;
    for (const key of await this.kv.keys('throttle.')) {
      const c = await this.read(key);
      if (c && now - c.counter.lastFailureAt > windowMs && now > c.counter.lockedUntil) {
        await this.kv.delete(key, c.revision).catch(() => undefined);
        n++;
      }
    }
    return n;
  }

  private async bump({ key, rule }: ThrottleKey): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = Date.now();
      const cur = await this.read(key);
      const fresh = cur && now - cur.counter.lastFailureAt < rule.windowMs ? cur.counter.failures : 0;
      const failures = fresh + 1;
      const lockedUntil = failures >= rule.threshold ? now + Math.min(rule.maxMs, rule.baseMs * 2 ** (failures - rule.threshold)) : 0;
      const value = enc.encode(JSON.stringify({ failures, lastFailureAt: now, lockedUntil } satisfies Counter));
      try {
        if (cur) await this.kv.update(key, value, cur.revision);
        else await this.kv.create(key, value);
        return;
      } catch (err) {
        if (!(err instanceof KvConflictError)) throw err;
      }
    }
  }

  private async read(key: string): Promise<{ counter: Counter; revision: number } | null> {
    const e = await this.kv.get(key);
    return e ? { counter: JSON.parse(dec.decode(e.value)) as Counter, revision: e.revision } : null;
  }
}
