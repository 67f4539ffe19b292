/**
 * Outbound callback campaigns (seed 004) in the callbacks bucket (CallbackKeys.campaign: `<tenant>.campaign.<id>`):
 * name, paused, assigned agents — changed by compare-and-set, kept in memory from a KV watch so that every
 * instance refuses a booking the moment any of them pauses the campaign. The entries themselves are callback
 * requests (CallbackService), keyed c-<campaign id>-e164-<digits>.
 */
import { randomBytes } from 'node:crypto';
import { CallbackKeys } from '@callboard/nats';
import { Campaign } from '@callboard/metrics';
import { KvConflictError, type Kv } from '@callboard/bus';
import type { Logger } from 'pino';
import { jsonCodec, KvCollection } from '../kv/kv-collection.ts';
import { CallbackBusyError } from './errors.ts';

const codec = jsonCodec(Campaign);
const MAX_CAS_TRIES = 50;
/** Base 36 without ambiguity worries: ids are never typed by people. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export class CampaignStore {
  private readonly byTenant = new Map<string, Map<string, { campaign: Campaign; revision: number }>>();
  private unwatch: (() => void) | null = null;
  private readonly collection: KvCollection<Campaign, [string, string], [string]>;

  private constructor(kv: Kv, private readonly log: Logger) {
    this.collection = new KvCollection(kv, CallbackKeys.campaign, codec);
  }

  static async open(kv: Kv, log: Logger): Promise<CampaignStore> {
    const store = new CampaignStore(kv, log);
    // Watch first, then load (as the request store does): the newest revision wins whichever arrives second.
    store.unwatch = await kv.watch((e) => store.seen(e.key, e.value, e.revision));
    for (const key of await kv.keys()) {
      if (!CallbackKeys.campaign.parse(key)) continue;
      const e = await kv.get(key);
      if (e) store.seen(key, e.value, e.revision);
    }
    return store;
  }

  /** A tenant's campaigns, oldest first. */
  list(tenant: string): Campaign[] {
    return [...(this.byTenant.get(tenant)?.values() ?? [])].map((s) => s.campaign).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  get(tenant: string, id: string): Campaign | undefined {
    return this.byTenant.get(tenant)?.get(id)?.campaign;
  }

  async create(tenant: string, name: string, by: string, now = Date.now()): Promise<Campaign> {
    for (;;) {
      const id = Array.from(randomBytes(10), (b) => ALPHABET[b % ALPHABET.length]).join('');
      const campaign: Campaign = { id, tenant, name, paused: false, agents: [], createdAt: now, createdBy: by, updatedAt: now, archivedAt: null };
      try {
        const revision = await this.collection.at(tenant, id).create(campaign);
        this.put(tenant, campaign, revision);
        return campaign;
      } catch (err) {
        if (!(err instanceof KvConflictError)) throw err; // an id drawn twice: draw again
      }
    }
  }

  /** Changes a campaign by compare-and-set; undefined when there is no such campaign. */
  async update(tenant: string, id: string, change: (c: Campaign) => Campaign): Promise<Campaign | undefined> {
    const record = this.collection.at(tenant, id);
    for (let tries = 0; tries < MAX_CAS_TRIES; tries++) {
      const entry = await record.get();
      if (!entry) return undefined;
      const next = { ...change(entry.value), id, tenant, updatedAt: Date.now() };
      try {
        const revision = await record.update(next, entry.revision);
        this.put(tenant, next, revision);
        return next;
      } catch (err) {
        if (!(err instanceof KvConflictError)) throw err;
      }
    }
    throw new CallbackBusyError(`campaign ${id}`);
  }

  close(): void {
    this.unwatch?.();
  }

  private seen(key: string, value: Uint8Array | null, revision: number): void {
    const k = CallbackKeys.campaign.parse(key);
    if (!k) return;
    if (value === null) {
      const have = this.byTenant.get(k.tenant)?.get(k.id);
      if (have && have.revision < revision) this.byTenant.get(k.tenant)!.delete(k.id);
      return;
    }
    try {
      this.put(k.tenant, codec.decode(value), revision);
    } catch (err) {
      this.log.warn({ err, key }, 'unreadable campaign in KV: ignored');
    }
  }

  private put(tenant: string, campaign: Campaign, revision: number): void {
    let m = this.byTenant.get(tenant);
    if (!m) this.byTenant.set(tenant, (m = new Map()));
    const have = m.get(campaign.id);
    if (!have || have.revision < revision) m.set(campaign.id, { campaign, revision });
  }
}
