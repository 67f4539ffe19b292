/**
 * New thresholds or a new timezone change every total of the day: a tenant whose settings changed
 * is noted here and rebuilt from storage between batches, once what is pending is stored.
 */
import type { TenantState } from './tenant-state.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';

export class SettingsRebuild {
  /** Tenants whose live state was built under settings that are no longer theirs. */
  private readonly changed = new Set<string>();

  constructor(tenants: TenantRegistry, states: ReadonlyMap<string, TenantState>) {
    tenants.onChange((t) => {
      const state = states.get(t.id);
      if (state && JSON.stringify(state.settings) !== JSON.stringify(t.settings)) this.changed.add(t.id);
    });
  }

  /** Some tenant waits to be rebuilt. */
  get due(): boolean {
    return this.changed.size > 0;
  }

  /**
   * Store what is pending (`flush`), then rebuild each changed tenant (`rebuild`). A tenant is
   * taken off the list as its rebuild starts: one that fails is not retried until its settings change again.
   */
  async run(flush: () => Promise<void>, rebuild: (tenant: string) => Promise<void>): Promise<void> {
    await flush();
    for (const tenant of [...this.changed]) {
      this.changed.delete(tenant);
      await rebuild(tenant);
    }
  }
}
