/**
 * Who sees and acts on which callback requests: agents the open pool of their queues, the open entries of the
 * campaigns they are assigned to, plus their own; supervisors and admins all of the tenant.
 */
import type { Actor, CallbackRequest, Campaign } from '@callboard/metrics';
import type { Principal } from '../identity/roles.ts';

/** A tenant's campaigns by id (CampaignStore): whom a campaign entry is offered to. */
export interface CampaignDirectory {
  get(tenant: string, id: string): Campaign | undefined;
}

export function isSupervisor(p: Principal): boolean {
  const roles = p.roles ?? [p.role];
  return roles.includes('admin') || roles.includes('supervisor');
}

export function actorOf(p: Principal): Actor {
  return { id: p.subject, name: p.user?.name ?? p.name ?? p.subject, supervisor: isSupervisor(p) };
}

/** True when the request is the caller's own (booked by or assigned to them). */
export function isMine(p: Principal, r: CallbackRequest): boolean {
  return r.bookedBy === p.subject || r.assignedTo === p.subject;
}

/** True when `p` is among the agents assigned to the campaign. */
export function isCampaignAgent(p: Principal, campaign: Campaign | undefined): boolean {
  return !!campaign && campaign.agents.some((a) => a.id === p.subject);
}

/**
 * May `p` see `r`? Agents: their own; an open request of one of their queues; an open entry of a campaign they are
 * assigned to (paused or not: booking it is then refused with the reason). Closed ones only when theirs.
 */
export function maySee(p: Principal, r: CallbackRequest, campaigns: CampaignDirectory): boolean {
  if (isSupervisor(p)) return true;
  if (isMine(p, r)) return true;
  if (r.status !== 'open') return false;
  if (r.campaign !== null) return isCampaignAgent(p, campaigns.get(r.tenant, r.campaign));
  const queues = p.user?.queues ?? [];
  return r.queues.some((q) => queues.includes(q));
}
