/**
 * A tenant as a report reads it (run.ts ReportTenant): its settings and the legs its live state holds; the export path uses
 * it too. Read it inside Engine.holdingFacts, with the SELECT that adds these legs to the stored facts.
 */
import type { Engine } from '../engine/engine.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';
import { TenantNotConfiguredError } from '../wallboards/history.ts';
import { openLegs } from './facts-source.ts';
import type { ReportTenant } from './run.ts';

export function reportTenant(sources: { tenants: TenantRegistry; engine: Engine }, tenant: string): ReportTenant {
  const t = sources.tenants.get(tenant);
  if (!t) throw new TenantNotConfiguredError(tenant);
  const live = sources.engine.live(tenant);
  // The legs live state holds, and those it emitted but has not handed to storage yet (finished: today's figures).
  return { id: tenant, settings: t.settings, open: live ? openLegs([...live.legs.values(), ...live.pendingFacts]) : [] };
}
