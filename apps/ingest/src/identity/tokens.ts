/** API and display tokens: random secrets, stored only as SHA-256 hashes in the identity KV bucket. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Buckets, IdentityKeys } from '@callboard/nats';
import { z } from 'zod';
import type { EventBus, Kv } from '@callboard/bus';
import { jsonCodec, KvCollection, textCodec } from '../kv/kv-collection.ts';
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
type BootstrapMarker = z.infer<typeof BootstrapMarker>;
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class TokenStore {
  /** Token records by the hash of their secret. */
  private readonly byHashes: KvCollection<TokenRecord, [hash: string], []>;
  /** A tenant's tokens by id: the hash of each one's secret. */
  private readonly index: KvCollection<string, [tenant: string, id: string], [tenant: string]>;
  private readonly bootstrap: KvCollection<BootstrapMarker, [tenant: string, step: string], [tenant: string]>;

  private constructor(kv: Kv) {
    this.byHashes = new KvCollection(kv, IdentityKeys.token, jsonCodec(TokenRecord));
    this.index = new KvCollection(kv, IdentityKeys.tokenIndex, textCodec);
    this.bootstrap = new KvCollection(kv, IdentityKeys.bootstrap, jsonCodec(BootstrapMarker));
  }

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
    await this.byHashes.at(hash).put(record);
    await this.index.at(input.tenant, record.id).put(hash);
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
    const entry = await this.bootstrap.at(tenant, 'token').get();
    if (entry) return entry.value;
    // :NOTE: data from before the marker existed: a token named "bootstrap" means it was created.
    const old = (await this.list(tenant)).find((t) => t.name === 'bootstrap' && t.createdBy === 'bootstrap');
    return old ? { tokenId: old.id, createdAt: old.createdAt } : null;
  }

  async markBootstrapDone(tenant: string, tokenId: string): Promise<void> {
    await this.bootstrap.at(tenant, 'token').put({ tokenId, createdAt: Date.now() });
  }

  private async byHash(hash: string): Promise<TokenRecord | null> {
    return (await this.byHashes.at(hash).get())?.value ?? null;
  }

  async list(tenant: string): Promise<TokenRecord[]> {
    const out: TokenRecord[] = [];
    for (const { value: hash } of await this.index.list(tenant)) {
      const record = await this.byHash(hash);
      if (record) out.push(record);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Revoke a tenant's token; false if the tenant has no such token. */
  async revoke(tenant: string, id: string): Promise<boolean> {
    const hash = await this.index.at(tenant, id).get();
    if (!hash) return false;
    const record = this.byHashes.at(hash.value);
    const entry = await record.get();
    if (!entry) return false;
    await record.update({ ...entry.value, revokedAt: entry.value.revokedAt ?? Date.now() }, entry.revision);
    return true;
  }
}
