/**
 * Login back-off, per login and per client IP, kept in the identity KV bucket so that every engine
 * instance and a restart see the same counts: after `threshold` failures within the window each
 * further failure doubles the lock-out (capped). During a lock-out even the right password gets 429.
 */
import { createHash } from 'node:crypto';
import { IdentityKeys } from '@callboard/nats';
import { z } from 'zod';
import { KvConflictError, type Kv } from '@callboard/bus';
import { jsonCodec, KvCollection, type Stored } from '../kv/kv-collection.ts';

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

const Counter = z.object({
  failures: z.number(),
  /** Epoch ms. */
  lastFailureAt: z.number(),
  /** Epoch ms; 0 when not locked out. */
  lockedUntil: z.number(),
});
type Counter = z.infer<typeof Counter>;

export interface ThrottleKey {
  /** KV key of the counter. */
  key: string;
  rule: ThrottleRule;
}

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export class LoginThrottle {
  private readonly counters: KvCollection<Counter, [id: string], []>;

  constructor(kv: Kv, private readonly perLogin: ThrottleRule, private readonly perIp: ThrottleRule) {
    this.counters = new KvCollection(kv, IdentityKeys.throttle, jsonCodec(Counter));
  }

  keys(tenant: string, login: string, ip: string): { login: ThrottleKey; ip: ThrottleKey } {
    return {
      login: { key: this.counters.at(`login.${digest(`${tenant}\n${login}`)}`).key, rule: this.perLogin },
      // :NOTE: IPv6 addresses contain ':' which KV keys refuse; hashed.
      ip: { key: this.counters.at(`ip.${digest(ip)}`).key, rule: this.perIp },
    };
  }

  /** Milliseconds until a login may be tried again (0: now). */
  async retryAfter(keys: ThrottleKey[]): Promise<number> {
    const now = Date.now();
    let wait = 0;
    for (const k of keys) {
      const c = await this.counters.atKey(k.key).get();
      if (c) wait = Math.max(wait, c.value.lockedUntil - now);
    }
    return Math.max(0, wait);
  }

  async fail(keys: ThrottleKey[]): Promise<void> {
    for (const k of keys) await this.bump(k);
  }

  async reset(k: ThrottleKey): Promise<void> {
    await this.counters.atKey(k.key).delete();
  }

  /** Forget counters whose failures are out of the window and whose lock-out is over (sprayed logins would pile up). */
  async sweep(): Promise<number> {
    const now = Date.now();
    const windowMs = Math.max(this.perLogin.windowMs, this.perIp.windowMs);
    let n = 0;
    for (const c of await this.counters.list()) {
      if (now - c.value.lastFailureAt > windowMs && now > c.value.lockedUntil) {
        await this.counters.atKey(c.key).delete(c.revision).catch(() => undefined);
        n++;
      }
    }
    return n;
  }

  private async bump({ key, rule }: ThrottleKey): Promise<void> {
    const record = this.counters.atKey(key);
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = Date.now();
      const cur: Stored<Counter> | null = await record.get();
      const fresh = cur && now - cur.value.lastFailureAt < rule.windowMs ? cur.value.failures : 0;
      const failures = fresh + 1;
      const lockedUntil = failures >= rule.threshold ? now + Math.min(rule.maxMs, rule.baseMs * 2 ** (failures - rule.threshold)) : 0;
      const value: Counter = { failures, lastFailureAt: now, lockedUntil };
      try {
        if (cur) await record.update(value, cur.revision);
        else await record.create(value);
        return;
      } catch (err) {
        if (!(err instanceof KvConflictError)) throw err;
      }
    }
  }
}
