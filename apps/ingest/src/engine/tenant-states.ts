/**
 * Every tenant's TenantState in the engine: made on a configured tenant's first event (or by a
 * rebuild from storage), advanced by the clock, drained of settled facts and intervals for commit.
 */
import type { Logger } from 'pino';
import { TenantState, type Drained } from './tenant-state.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';

export class TenantStates {
  readonly byTenant = new Map<string, TenantState>();

  constructor(private readonly tenants: TenantRegistry, private readonly log: Logger) {}

  /** The tenant's state, made now if it has none; undefined for a tenant not configured. */
  stateFor(tenant: string): TenantState | undefined {
    let state = this.byTenant.get(tenant);
    if (!state) {
      const t = this.tenants.get(tenant);
      if (!t) return undefined;
      state = new TenantState(tenant, t.settings, Date.now());
      this.byTenant.set(tenant, state);
    }
    return state;
  }

  /** True when facts or intervals wait to be drained. */
  get hasEmitted(): boolean {
    for (const state of this.byTenant.values()) if (state.hasEmitted) return true;
    return false;
  }

  /** Facts and intervals emitted since the last drain, by every tenant's live and (`earlier`) backfill reducers. */
  drain(): Drained {
    const emitted: Drained = { facts: [], intervals: [], earlier: { facts: [], intervals: [] } };
    for (const state of this.byTenant.values()) {
      const out = state.drain();
      emitted.facts.push(...out.facts);
      emitted.intervals.push(...out.intervals);
      emitted.earlier.facts.push(...out.earlier.facts);
      emitted.earlier.intervals.push(...out.earlier.intervals);
    }
    return emitted;
  }

  /** Every reducer emits its final legs now (a clean stop). */
  emitFinished(): void {
    for (const state of this.byTenant.values()) state.emitFinished();
  }

  /** Run every tenant's timers and dedupe horizon up to `now`. */
  advance(now: number): void {
    for (const [tenant, state] of this.byTenant) {
      // A timer callback that throws would end the process: one tenant's failure is logged instead.
      try {
        state.advance(now);
        state.deduper.advance(now);
      } catch (err) {
        this.log.error({ err, tenant }, 'advancing live state failed');
      }
    }
  }
}
