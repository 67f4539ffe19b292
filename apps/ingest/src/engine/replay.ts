/**
 * Rebuilds tenants' state from storage (at start, and after a tenant's settings change): the
 * stored events are re-applied in their processing order through the same routing, then what the
 * rebuilt reducers settled but storage lacks is stored (reconcile).
 */
import { dayWindow, validateLine, windowOfDay, type CallEvent, type Emitted, type TenantLive } from '@callboard/metrics';
import type { Logger } from 'pino';
import type { Repository } from '../store/repository.ts';
import { intervalKey } from '../store/rows.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import { BACKFILL_REPLAY_MS, LATE_MS, TenantState } from './tenant-state.ts';
import { replayEvents } from './replay-events.ts';

/** How far back a tenant with stored events counts as active at start, ms (beyond the registry's tenants). */
const ACTIVE_MS = 3 * 86_400_000;

export interface ReplayDeps {
  repo: Repository;
  tenants: TenantRegistry;
  log: Logger;
  retention: (tenant: string) => number;
  /** How far ahead of an event's processing time its ts may lie, ms (as at intake). */
  maxSkewMs: number;
}

/**
 * Apply an event at the wall time its processing sequence records (µs), running the timers due
 * first; the tenant state routes it to its live or a backfill reducer by that same wall time.
 */
export function applyAt(state: TenantState, ev: CallEvent, seq: number): TenantLive {
  return state.apply(ev, Math.floor(seq / 1000));
}

export class Replay {
  constructor(private readonly deps: ReplayDeps) {}

  /** The tenants to rebuild at start: those configured and those with events in the last days. */
  async tenantsToRebuild(now: number): Promise<string[]> {
    return [...new Set([...this.deps.tenants.list().map((t) => t.id), ...(await this.deps.repo.activeTenants(now - ACTIVE_MS))])];
  }

  /**
   * Rebuild one tenant's state from storage: the events stamped since yesterday (live state, dedupe
   * memory) and the late data applied lately (what backfill reducers may hold open), re-applied in
   * their stored processing order through the same routing, so each lands where it landed before.
   * Built aside and returned whole (readers never see a half-built state); undefined for a tenant not configured.
   */
  async tenant(tenant: string, now: number): Promise<TenantState | undefined> {
    const { repo, tenants, log, maxSkewMs } = this.deps;
    const t = tenants.get(tenant);
    if (!t) return undefined;
    const state = new TenantState(tenant, t.settings, now);
    const tz = t.settings.timezone;
    const from = dayWindow(dayWindow(now, tz).start - 1, tz); // yesterday: the dedupe horizon
    const t0 = Date.now();
    for (const payload of await repo.lastAgentStates(tenant, from.start, LATE_MS, tz)) {
      const v = validateLine(payload, { now, maxSkewMs });
      if (v.ok) state.live.apply(v.event, v.event.ts);
    }
    let n = 0;
    // Late data older than the dedupe horizon was de-duplicated against storage when it came.
    const older = new Set<string>();
    for await (const row of replayEvents(repo, tenant, from.start, BACKFILL_REPLAY_MS)) {
      n++;
      // :NOTE: checked against the clock of its own processing time: a future-dated event stored before the
      // time bounds existed is not replayed into live state.
      const v = validateLine(row.payload, { now: Math.floor(row.seq / 1000), maxSkewMs });
      if (!v.ok) continue;
      const ev = v.event;
      const fresh = state.deduper.beyondHorizon(ev.ts) ? !older.has(ev.id) && !!older.add(ev.id) : state.deduper.add(ev.id, ev.ts);
      if (fresh) applyAt(state, ev, row.seq);
    }
    state.advance(now);
    await this.reconcile(tenant, state.live.drain(), state.drainBackfills(), from.start, from.day);
    log.info({ tenant, events: n, backfills: state.backfills.length, ms: Date.now() - t0 }, 'live state rebuilt from ClickHouse');
    return state;
  }

  /**
   * After a crash between inserting events and their facts: store the facts replay re-derived but
   * storage lacks. Backfill reducers re-derive facts of earlier days: those are looked up on their
   * own days and the day before (a leg rebuilt without its first events can only move later).
   */
  private async reconcile(tenant: string, live: Emitted, backfill: Emitted, fromMs: number, fromDay: string): Promise<void> {
    const { repo, tenants, log, retention } = this.deps;
    const tz = tenants.get(tenant)?.settings.timezone ?? 'UTC';
    const earlier = (days: string[]) => [...new Set(days.flatMap((d) => [d, dayWindow(windowOfDay(d, tz).start - 1, tz).day]))].filter((d) => d < fromDay);
    const factDays = earlier(backfill.facts.map((f) => f.day));
    const intervalDays = earlier(backfill.intervals.map((i) => i.day));
    const facts = new Set([...await repo.factIdsSince(tenant, fromDay), ...await repo.factIdsOn(tenant, factDays)]);
    const intervals = new Set([...await repo.intervalKeysSince(tenant, fromDay), ...await repo.intervalKeysOn(tenant, intervalDays)]);
    const missingFacts = [...live.facts.filter((f) => f.day >= fromDay), ...backfill.facts].filter((f) => !facts.has(f.factId));
    const missingIntervals = [...live.intervals.filter((i) => i.startAt >= fromMs), ...backfill.intervals].filter((i) => !intervals.has(intervalKey(i)));
    await repo.insertFacts(missingFacts, retention);
    await repo.insertIntervals(missingIntervals, retention);
    const rollupKeys = await repo.reconcileRollup(tenant, fromDay);
    if (missingFacts.length || missingIntervals.length || rollupKeys) {
      // :NOTE: after a clean stop these are calls that settled while the engine was down (a wrap-up that ended, a
      // caller still waiting at the stop); after a crash also the rows of the commit it interrupted.
      log.info({ tenant, facts: missingFacts.length, intervals: missingIntervals.length, rollupKeys },
        'replay settled rows storage did not hold yet (calls that ended while the engine was down, or an interrupted commit): stored');
    }
  }
}
