/**
 * Which events are new: within the in-memory horizon (today and yesterday) the tenant's Deduper
 * knows; an older event (a re-read Asterisk log) is looked up in storage and among the re-imports
 * applied but not stored yet (`unstored`: while commits fail, the bus redelivers them, and storage
 * alone would not know them for duplicates).
 */
import type { CallEvent } from '@callboard/metrics';
import type { Logger } from 'pino';
import type { Repository } from '../store/repository.ts';
import { classifyStorageError } from '../store/storage-errors.ts';
import type { StorageRetry } from './storage-retry.ts';
import type { TenantState } from './tenant-state.ts';

/** An event whose check waits for storage, with what applying it needs. */
export interface Deferred<M> {
  ev: CallEvent;
  text: string;
  msg: M;
  state: TenantState;
}

/** New (`unstored`: a re-import, to be remembered until its batch is stored), or a duplicate. */
export type Verdict = { fresh: true; unstored?: string } | { fresh: false };

const tenantKey = (tenant: string, id: string) => `${tenant}\u0000${id}`;

export class EventDedupe {
  /** Keys (tenantKey) of re-import events applied but not stored yet. */
  private readonly unstored = new Set<string>();

  constructor(private readonly repo: Repository, private readonly storage: StorageRetry, private readonly log: Logger) {}

  /**
   * An event of a pull: `defer` from the first event older than the horizon on (the rest of the
   * pull keeps its order behind it, see `settle`), else fresh or a duplicate by the tenant's Deduper.
   */
  check(state: TenantState, ev: CallEvent, deferring: boolean): 'fresh' | 'duplicate' | 'defer' {
    if (deferring || state.deduper.beyondHorizon(ev.ts)) return 'defer';
    return state.deduper.add(ev.id, ev.ts) ? 'fresh' : 'duplicate';
  }

  /**
   * The verdicts of deferred events, in their order: the older ones are looked up in storage
   * first, then everything is decided in delivery order, so that a backfilled call straddling the
   * horizon (offered the day before yesterday, answered yesterday) keeps its offer before its answer.
   */
  async settle<M>(rest: Deferred<M>[]): Promise<Verdict[]> {
    const old = new Map<string, CallEvent[]>();
    for (const { ev, state } of rest) {
      if (!state.deduper.beyondHorizon(ev.ts) || this.unstored.has(tenantKey(ev.tenant, ev.id))) continue;
      const list = old.get(ev.tenant);
      if (list) list.push(ev);
      else old.set(ev.tenant, [ev]);
    }
    const stored = new Map<string, Set<string>>();
    for (const [tenant, list] of old) stored.set(tenant, await this.storedIds(tenant, list));
    return rest.map(({ ev, state }): Verdict => {
      const key = tenantKey(ev.tenant, ev.id);
      if (state.deduper.beyondHorizon(ev.ts)) {
        if (stored.get(ev.tenant)?.has(ev.id) || this.unstored.has(key)) return { fresh: false };
        this.unstored.add(key);
        return { fresh: true, unstored: key };
      }
      return { fresh: state.deduper.add(ev.id, ev.ts) };
    });
  }

  /** These re-imports are stored now: storage knows them. */
  forget(keys: readonly string[]): void {
    for (const key of keys) this.unstored.delete(key);
  }

  /** Which of these events storage holds; retried while storage is unreachable (a re-import cannot be told from a duplicate meanwhile). */
  private async storedIds(tenant: string, events: CallEvent[]): Promise<Set<string>> {
    let minTs = Infinity;
    let maxTs = -Infinity;
    for (const ev of events) { minTs = Math.min(minTs, ev.ts); maxTs = Math.max(maxTs, ev.ts); } // not Math.min(...ts): 100k+ arguments overflow
    let stored = new Set<string>();
    await this.storage.run(async () => {
      try {
        stored = await this.repo.storedEventIds(tenant, events.map((e) => e.id), minTs, maxTs);
      } catch (err) {
        // A query ClickHouse refuses for these ids will never pass: treat them as new rather than stall.
        if (classifyStorageError(err) === 'transient') throw err;
        this.log.warn({ err, tenant }, 'could not check re-imported events against storage; applying them');
      }
    }, 'duplicate check against ClickHouse failed; retrying');
    return stored;
  }
}
