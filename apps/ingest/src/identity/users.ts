/** Users of each tenant in the identity KV bucket (IdentityKeys.user), unique logins by CAS on IdentityKeys.login. */
import { randomUUID } from 'node:crypto';
import { Buckets, IdentityKeys } from '@callboard/nats';
import { KvConflictError, type EventBus, type Kv } from '@callboard/bus';
import type { CreateUser, UpdateUser } from '@callboard/api';
import { UserRecord } from '../schemas/users.ts';
import { ExtensionTakenError, LastAdminError, LoginTakenError, UserNotFoundError } from './errors.ts';
import { hashPassword } from './passwords.ts';
import { jsonCodec, KvCollection, textCodec } from '../kv/kv-collection.ts';

/** How long a read user stays cached: the bound on how late another instance sees a disable. */
const CACHE_MS = 2_000;

export class UserStore {
  private readonly cache = new Map<string, { at: number; user: UserRecord | null }>();

  private readonly users: KvCollection<UserRecord, [tenant: string, id: string], [tenant: string]>;
  /** A login's owner: the user id. */
  private readonly logins: KvCollection<string, [tenant: string, login: string], [tenant: string]>;

  private constructor(kv: Kv) {
    this.users = new KvCollection(kv, IdentityKeys.user, jsonCodec(UserRecord));
    this.logins = new KvCollection(kv, IdentityKeys.login, textCodec);
  }

  static async open(bus: EventBus): Promise<UserStore> {
    return new UserStore(await bus.kv(Buckets.identity));
  }

  async create(tenant: string, input: Omit<CreateUser, 'password'> & { password: string }, createdBy: string): Promise<UserRecord> {
    if (input.extension) await this.assertExtensionFree(tenant, input.extension, null);
    const now = Date.now();
    const user = UserRecord.parse({
      id: randomUUID(), tenant, login: input.login, name: input.name, email: input.email ?? null, roles: input.roles,
      extension: input.extension ?? null, queues: input.queues ?? [], disabled: false,
      passwordHash: await hashPassword(input.password), sessionsValidAfter: 0, createdAt: now, updatedAt: now, createdBy,
    });
    try {
      await this.logins.at(tenant, user.login).create(user.id);
    } catch (err) {
      if (err instanceof KvConflictError) throw new LoginTakenError(user.login);
      throw err;
    }
    try {
      await this.users.at(tenant, user.id).put(user);
    } catch (err) {
      await this.logins.at(tenant, user.login).delete().catch(() => undefined); // free the login again
      throw err;
    }
    this.cache.delete(this.users.at(tenant, user.id).key);
    return user;
  }

  /** A user by id (cached for CACHE_MS); null when missing. */
  async get(tenant: string, id: string): Promise<UserRecord | null> {
    const record = this.users.at(tenant, id);
    const key = record.key;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.user;
    const user = (await record.get())?.value ?? null;
    this.cache.set(key, { at: Date.now(), user });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return user;
  }

  async require(tenant: string, id: string): Promise<UserRecord> {
    const user = await this.get(tenant, id);
    if (!user) throw new UserNotFoundError(id);
    return user;
  }

  async findByLogin(tenant: string, login: string): Promise<UserRecord | null> {
    const entry = await this.logins.at(tenant, login).get();
    return entry ? this.get(tenant, entry.value) : null;
  }

  async list(tenant: string): Promise<UserRecord[]> {
    return (await this.users.list(tenant)).map((s) => s.value).sort((a, b) => a.login.localeCompare(b.login));
  }

  /** Apply a change with compare-and-set, retrying on concurrent edits; refuses to leave the tenant without an admin. */
  async update(tenant: string, id: string, change: UpdateUser | ((u: UserRecord) => Partial<UserRecord>)): Promise<{ before: UserRecord; after: UserRecord }> {
    for (let attempt = 0; ; attempt++) {
      const record = this.users.at(tenant, id);
      const entry = await record.get();
      if (!entry) throw new UserNotFoundError(id);
      const before = entry.value;
      const patch = typeof change === 'function' ? change(before) : change;
      const after = UserRecord.parse({ ...before, ...stripUndefined(patch), updatedAt: Date.now() });
      if (after.extension && after.extension !== before.extension) await this.assertExtensionFree(tenant, after.extension, id);
      if (isActiveAdmin(before) && !isActiveAdmin(after)) await this.assertAnotherAdmin(tenant, id);
      try {
        await record.update(after, entry.revision);
        this.cache.delete(record.key);
        return { before, after };
      } catch (err) {
        if (!(err instanceof KvConflictError) || attempt >= 5) throw err;
      }
    }
  }

  async setPassword(tenant: string, id: string, password: string): Promise<UserRecord> {
    const passwordHash = await hashPassword(password);
    // :NOTE: every session of the user older than now dies; the caller re-issues its own if it should survive.
    return (await this.update(tenant, id, () => ({ passwordHash, sessionsValidAfter: Date.now() }))).after;
  }

  async delete(tenant: string, id: string): Promise<UserRecord> {
    const user = await this.require(tenant, id);
    if (isActiveAdmin(user)) await this.assertAnotherAdmin(tenant, id);
    await this.users.at(tenant, id).delete();
    await this.logins.at(tenant, user.login).delete();
    this.cache.delete(this.users.at(tenant, id).key);
    return user;
  }

  /** True when the tenant has no users at all (first run). */
  async isEmpty(tenant: string): Promise<boolean> {
    return (await this.users.keys(tenant)).length === 0;
  }

  private async assertExtensionFree(tenant: string, extension: string, self: string | null): Promise<void> {
    // :NOTE: a scan, not a CAS index: two admins giving the same extension in the same millisecond could both win.
    if ((await this.list(tenant)).some((u) => u.extension === extension && u.id !== self)) throw new ExtensionTakenError(extension);
  }

  private async assertAnotherAdmin(tenant: string, self: string): Promise<void> {
    if (!(await this.list(tenant)).some((u) => u.id !== self && isActiveAdmin(u))) throw new LastAdminError();
  }
}

const isActiveAdmin = (u: UserRecord) => !u.disabled && u.roles.includes('admin');

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
