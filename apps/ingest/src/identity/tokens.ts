/** API and display tokens: random secrets, stored only as SHA-256 hashes in the identity KV bucket. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Buckets } from '@callboard/nats';
import { z } from 'zod';
import type { EventBus, Kv } from '@callboard/bus';
import { Role } from '@callboard/api';
import type { Principal } from './roles.ts';

export const TokenRecord = z.object({
  id: z.string(),
  tenant: z.string(),
  role: Role,
  name: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
  revokedAt: z.number().nullable(),
  wallboards: z.array(z.string()).optional(),
});
export type TokenRecord = z.infer<typeof TokenRecord>;

const BootstrapMarker = z.object({ tokenId: z.string(), createdAt: z.number() });

const enc = new TextEncoder();
const dec = new TextDecoder();
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class TokenStore {
  private constructor(private readonly kv: Kv) {}

  static async open(bus: EventBus): Promise<TokenStore> {
    return new TokenStore(await bus.kv(Buckets.identity));
  }

  /** Create a token; the secret is returned once and never stored. `secret` may be given (bootstrap). */
  async create(input: { tenant: string; role: Role; name: string; createdBy: string; wallboards?: string[]; secret?: string }) {
    const secret = input.secret ?? `cb_${randomBytes(24).toString('base64url')}`;
    const record: TokenRecord = {
      id: randomUUID(), tenant: input.tenant, role: input.role, name: input.name, createdAt: Date.now(),
      createdBy: input.createdBy, revokedAt: null, ...(input.wallboards ? { wallboards: input.wallboards } : {}),
    };
    const hash = hashSecret(secret);
    await this.kv.put(`token.${hash}`, enc.encode(JSON.stringify(record)));
    await this.kv.put(`${input.tenant}.token.${record.id}`, enc.encode(hash));
    return { secret, record };
  }

  async verify(secret: string): Promise<(Principal & { token: TokenRecord }) | null> {
    return this.verifyHash(hashSecret(secret));
  }

  /** The principal of a token by the hash of its secret (display sessions keep only the hash); null if unknown or revoked. */
  async verifyHash(hash: string): Promise<(Principal & { token: TokenRecord }) | null> {
    const record = await this.byHash(hash);
    if (!record || record.revokedAt !== null) return null;
    return { tenant: record.tenant, role: record.role, subject: record.id, kind: 'token', name: record.name, wallboards: record.wallboards, token: record };
  }

  /** A token's record by its secret, revoked or not (bootstrap must not re-create a revoked token). */
  lookup(secret: string): Promise<TokenRecord | null> {
    return this.byHash(hashSecret(secret));
  }

  /** Whether the tenant's bootstrap admin token was ever created (it may be revoked since). */
  async bootstrapDone(tenant: string): Promise<{ tokenId: string; createdAt: number } | null> {
    const entry = await this.kv.get(`${tenant}.bootstrap.token`);
    if (entry) return BootstrapMarker.parse(JSON.parse(dec.decode(entry.value)));
    // :NOTE: data from before the marker existed: a token named "bootstrap" means it was created.
    const old = (await this.list(tenant)).find((t) => t.name === 'bootstrap' && t.createdBy === 'bootstrap');
    return old ? { tokenId: old.id, createdAt: old.createdAt } : null;
  }

  async markBootstrapDone(tenant: string, tokenId: string): Promise<void> {
    await this.kv.put(`${tenant}.bootstrap.token`, enc.encode(JSON.stringify({ tokenId, createdAt: Date.now() })));
  }

  private async byHash(hash: string): Promise<TokenRecord | null> {
    const entry = await this.kv.get(`token.${hash}`);
    return entry ? TokenRecord.parse(JSON.parse(dec.decode(entry.value))) : null;
  }

  async list(tenant: string): Promise<TokenRecord[]> {
    const out: TokenRecord[] = [];
    for (const key of await this.kv.keys(`${tenant}.token.`)) {
      const hash = await this.kv.get(key);
      const entry = hash && (await this.kv.get(`token.${dec.decode(hash.value)}`));
      if (entry) out.push(TokenRecord.parse(JSON.parse(dec.decode(entry.value))));
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Revoke a tenant's token; false if the tenant has no such token. */
  async revoke(tenant: string, id: string): Promise<boolean> {
    const hash = await this.kv.get(`${tenant}.token.${id}`);
    if (!hash) return false;
    const key = `token.${dec.decode(hash.value)}`;
    const entry = await this.kv.get(key);
    if (!entry) return false;
    const record = TokenRecord.parse(JSON.parse(dec.decode(entry.value)));
    await this.kv.update(key, enc.encode(JSON.stringify({ ...record, revokedAt: record.revokedAt ?? Date.now() })), entry.revision);
    return true;
  }
}
