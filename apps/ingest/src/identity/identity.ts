/** The identity service: users, sessions, login back-off and audit, and the session authenticator for auth.ts. */
import { USER_ROLES } from '@callboard/api';
import type { ClickHouseClient } from '@clickhouse/client';
import { Buckets } from '@callboard/nats';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { EventBus } from '@callboard/bus';
import type { UserRecord } from '../schemas/users.ts';
import { AuditLog } from './audit.ts';
import { ThrottledError } from './errors.ts';
import { burnVerify, generatePassword, verifyPassword } from './passwords.ts';
import { sameOrigin } from './same-origin.ts';
import type { Principal, Role } from './roles.ts';
import { SESSION_COOKIE, SessionStore, type SessionTimes } from './sessions.ts';
import { LoginThrottle, type ThrottleRule } from './throttle.ts';
import { UserStore } from './users.ts';

export interface IdentityOptions {
  sessions: SessionTimes;
  /** Back-off per login. */
  perLogin: ThrottleRule;
  /** Back-off per client IP (looser: offices share one address). */
  perIp: ThrottleRule;
}

export function principalOf(user: UserRecord): Principal {
  // :NOTE: USER_ROLES is most privileged first, so a user's primary role is the first of these it holds.
  const roles: Role[] = USER_ROLES.filter((r) => user.roles.includes(r));
  return {
    tenant: user.tenant, role: roles[0], roles, subject: user.id, kind: 'session', name: user.login,
    user: { id: user.id, login: user.login, name: user.name, extension: user.extension, queues: user.queues },
  };
}

export type LoginResult = { ok: true; user: UserRecord; sessionId: string } | { ok: false };

export class Identity {
  private sweeper: NodeJS.Timeout | null = null;

  private constructor(
    readonly users: UserStore,
    readonly sessions: SessionStore,
    readonly throttle: LoginThrottle,
    readonly audit: AuditLog,
  ) {}

  static async open(bus: EventBus, ch: ClickHouseClient, log: Logger, options: IdentityOptions): Promise<Identity> {
    const kv = await bus.kv(Buckets.identity);
    const id = new Identity(await UserStore.open(bus), new SessionStore(kv, options.sessions),
      new LoginThrottle(kv, options.perLogin, options.perIp), new AuditLog(ch, log));
    id.sweeper = setInterval(() => void Promise.all([id.sessions.sweep(), id.throttle.sweep()])
      .catch((err) => log.warn({ err }, 'identity sweep failed')), 3600_000);
    id.sweeper.unref();
    return id;
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /**
   * Check a login; throws ThrottledError while backed off. Unknown logins cost the same argon2 time
   * as known ones, and disabled users fail like a wrong password (nothing to learn from the answer).
   */
  async login(input: { tenant: string; login: string; password: string }, meta: { ip: string; userAgent: string }): Promise<LoginResult> {
    const keys = this.throttle.keys(input.tenant, input.login, meta.ip);
    const wait = await this.throttle.retryAfter([keys.login, keys.ip]);
    if (wait > 0) throw new ThrottledError(wait);
    const user = await this.users.findByLogin(input.tenant, input.login);
    const good = user ? await verifyPassword(user.passwordHash, input.password) : (await burnVerify(input.password), false);
    if (!user || !good || user.disabled) {
      await this.throttle.fail([keys.login, keys.ip]);
      return { ok: false };
    }
    await this.throttle.reset(keys.login);
    return { ok: true, user, sessionId: await this.sessions.create(user, meta) };
  }

  /** The session authenticator: the cookie's session, if live, of a user still enabled and not reset since. */
  async authenticate(req: FastifyRequest): Promise<Principal | null> {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (!sid || !sameOrigin(req)) return null;
    const session = await this.sessions.resolve(sid);
    if (!session) return null;
    const user = await this.users.get(session.tenant, session.userId);
    if (!user || user.disabled || session.createdAt < user.sessionsValidAfter) return null;
    return principalOf(user);
  }

  /** First run: the tenant's `admin` user, with the given password or a generated one (returned to print once). */
  async bootstrapAdmin(tenant: string, password?: string): Promise<string | null> {
    if (!(await this.users.isEmpty(tenant))) return null;
    const secret = password ?? generatePassword();
    await this.users.create(tenant, { login: 'admin', name: 'Administrator', roles: ['admin'], password: secret }, 'bootstrap');
    await this.audit.record(tenant, null, { ip: '', actorName: 'bootstrap', system: true }, { action: 'user.create', target: 'admin', detail: { login: 'admin', roles: ['admin'] } });
    return password ? null : secret;
  }
}
