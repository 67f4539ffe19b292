/** Tenants and their settings, kept in the KV bucket cb_tenants and watched for changes. */
import { defaultTenantSettings, TENANT_PATTERN, TenantSettings } from '@callboard/metrics';
import { Buckets } from '@callboard/nats';
import { z } from 'zod';
import { KvConflictError, type EventBus, type Kv } from '@callboard/bus';

export const TenantRecord = z.object({
  id: z.string().regex(TENANT_PATTERN),
  name: z.string().min(1).max(120),
  settings: TenantSettings,
  createdAt: z.number(),
});
export type TenantRecord = z.infer<typeof TenantRecord>;

const enc = new TextEncoder();
const dec = new TextDecoder();

export class TenantRegistry {
  private readonly byId = new Map<string, TenantRecord>();
  private readonly listeners = new Set<(t: TenantRecord) => void>();
  private unwatch: (() => void) | null = null;

  private constructor(private readonly kv: Kv) {}

  static async open(bus: EventBus): Promise<TenantRegistry> {
    const reg = new TenantRegistry(await bus.kv(Buckets.tenants));
    for (const key of await reg.kv.keys()) await reg.reload(key);
    reg.unwatch = await reg.kv.watch((e) => {
      if (e.value === null) reg.byId.delete(e.key);
      else reg.accept(e.value);
    });
    return reg;
  }

  private accept(value: Uint8Array): void {
    const parsed = TenantRecord.safeParse(JSON.parse(dec.decode(value)));
    if (!parsed.success) return;
    this.byId.set(parsed.data.id, parsed.data);
    for (const l of this.listeners) l(parsed.data);
  }

  private async reload(key: string): Promise<void> {
    const e = await this.kv.get(key);
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
      await this.kv.create(id, enc.encode(JSON.stringify(record)));
    } catch (err) {
      if (!(err instanceof KvConflictError)) throw err;
    }
    await this.reload(id);
    return this.byId.get(id)!;
  }

  /** Replace a tenant's settings (validated), compare-and-set against concurrent edits. */
  async updateSettings(id: string, settings: TenantSettings): Promise<TenantRecord> {
    const entry = await this.kv.get(id);
    if (!entry) throw new RangeError(`unknown tenant ${id}`);
    const record = { ...TenantRecord.parse(JSON.parse(dec.decode(entry.value))), settings: TenantSettings.parse(settings) };
    await this.kv.update(id, enc.encode(JSON.stringify(record)), entry.revision);
    this.accept(enc.encode(JSON.stringify(record)));
    return record;
  }

  close(): void {
    this.unwatch?.();
  }
}
