/** Tenants and their settings, kept in the KV bucket cb_tenants and watched for changes. */
import { defaultTenantSettings, TENANT_PATTERN, TenantSettings } from '@callboard/metrics';
import { Buckets, TenantKeys } from '@callboard/nats';
import { z } from 'zod';
import { KvConflictError, type EventBus } from '@callboard/bus';
import { jsonCodec, KvCollection, KvValueError } from '../kv/kv-collection.ts';

export const TenantRecord = z.object({
  id: z.string().regex(TENANT_PATTERN),
  name: z.string().min(1).max(120),
  settings: TenantSettings,
  createdAt: z.number(),
});
export type TenantRecord = z.infer<typeof TenantRecord>;

export class TenantRegistry {
  private readonly byId = new Map<string, TenantRecord>();
  private readonly listeners = new Set<(t: TenantRecord) => void>();
  private unwatch: (() => void) | null = null;

  private constructor(private readonly records: KvCollection<TenantRecord, [tenant: string], []>) {}

  static async open(bus: EventBus): Promise<TenantRegistry> {
    const reg = new TenantRegistry(new KvCollection(await bus.kv(Buckets.tenants), TenantKeys.tenant, jsonCodec(TenantRecord)));
    for (const key of await reg.records.keys()) {
      try {
        await reg.reload(key);
      } catch (err) {
        // :NOTE: a record that does not read as a tenant is left out, as the watch below leaves it out.
        if (!(err instanceof KvValueError)) throw err;
      }
    }
    reg.unwatch = await reg.records.watch((key, record) => {
      if (record === null) reg.byId.delete(key);
      else reg.accept(record);
    });
    return reg;
  }

  private accept(record: TenantRecord): void {
    this.byId.set(record.id, record);
    for (const l of this.listeners) l(record);
  }

  private async reload(id: string): Promise<void> {
    const e = await this.records.at(id).get();
    if (e) this.accept(e.value);
  }

  get(id: string): TenantRecord | undefined {
    return this.byId.get(id);
  }

  list(): TenantRecord[] {
    return [...this.byId.values()];
  }

  /** Called with every created or changed tenant. */
  onChange(listener: (t: TenantRecord) => void): void {
    this.listeners.add(listener);
  }

  /** Create the tenant if it does not exist (safe to race: KV create is compare-and-set). */
  async ensure(id: string, name = id, timezone = 'Europe/Rome'): Promise<TenantRecord> {
    const record: TenantRecord = { id, name, settings: defaultTenantSettings(timezone), createdAt: Date.now() };
    try {
      await this.records.at(id).create(record);
    } catch (err) {
      if (!(err instanceof KvConflictError)) throw err;
    }
    await this.reload(id);
    return this.byId.get(id)!;
  }

  /** Replace a tenant's settings (validated), compare-and-set against concurrent edits. */
  async updateSettings(id: string, settings: TenantSettings): Promise<TenantRecord> {
    const stored = this.records.at(id);
    const entry = await stored.get();
    if (!entry) throw new RangeError(`unknown tenant ${id}`);
    const record = { ...entry.value, settings: TenantSettings.parse(settings) };
    await stored.update(record, entry.revision);
    this.accept(record);
    return record;
  }

  close(): void {
    this.unwatch?.();
  }
}
