/** Renames KV keys written in an earlier layout (LegacyKeys in @callboard/nats) to today's, once per bucket open; a no-op when none is left. */
import { Buckets, LegacyKeys, type Bucket } from '@callboard/nats';
import { KvConflictError, type EventBus, type Kv } from '@callboard/bus';

/**
 * Copies each legacy entry to its new key (create: an entry already there wins, e.g. after a restart halfway
 * through) and then deletes the legacy one, only if it did not change meanwhile. Returns how many were renamed.
 */
export async function migrateKeys(kv: Kv, bucket: Bucket): Promise<number> {
  const rename = LegacyKeys[bucket];
  if (!rename) return 0;
  let n = 0;
  for (const key of await kv.keys()) {
    const to = rename(key);
    if (!to) continue;
    const e = await kv.get(key);
    if (!e) continue;
    try {
      await kv.create(to, e.value);
      n++;
    } catch (err) {
      if (!(err instanceof KvConflictError)) throw err;
    }
    await kv.delete(key, e.revision);
  }
  return n;
}

/** Every bucket that has legacy layouts, migrated; before any store reads them. Returns renames per bucket. */
export async function migrateAllKeys(bus: EventBus): Promise<Partial<Record<Bucket, number>>> {
  const out: Partial<Record<Bucket, number>> = {};
  for (const bucket of Object.values(Buckets)) {
    if (!LegacyKeys[bucket]) continue;
    const n = await migrateKeys(await bus.kv(bucket), bucket);
    if (n) out[bucket] = n;
  }
  return out;
}
