/** Who sees and acts on which callback requests: agents the open pool of their queues plus their own; supervisors and admins all of the tenant. */
import type { Actor, CallbackRequest } from '@callboard/metrics';
import type { Principal } from '../identity/roles.ts';

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

/** May `p` see `r`? Agents: their own, or an open request of one of their queues (closed ones only when theirs). */
export function maySee(p: Principal, r: CallbackRequest): boolean {
  if (isSupervisor(p)) return true;
  if (isMine(p, r)) return true;
  const queues = p.user?.queues ?? [];
  return r.status === 'open' && r.queues.some((q) => queues.includes(q));
}
