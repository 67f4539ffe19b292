/** Who sees and works which tickets: agents the ones they took, verify or work in; supervisors and admins all of the tenant; analysts read all. */
import type { Person, Ticket } from '@callboard/metrics';
import type { Principal } from '../identity/roles.ts';

const rolesOf = (p: Principal) => p.roles ?? [p.role];

export function seesAll(p: Principal): boolean {
  return rolesOf(p).some((r) => r === 'admin' || r === 'supervisor' || r === 'analyst');
}

export function worksAll(p: Principal): boolean {
  return rolesOf(p).some((r) => r === 'admin' || r === 'supervisor');
}

/** The ticket names `p`: taken by, verified by, or in the team. */
export function isMine(p: Principal, t: Ticket): boolean {
  return t.takenBy.id === p.subject || t.verifiedBy?.id === p.subject || t.team.some((m) => m.id === p.subject);
}

export function maySee(p: Principal, t: Ticket): boolean {
  return seesAll(p) || isMine(p, t);
}

export function mayWork(p: Principal, t: Ticket): boolean {
  return worksAll(p) || (rolesOf(p).includes('agent') && isMine(p, t));
}

export function personOf(p: Principal): Person {
  return { id: p.subject, name: p.user?.name ?? p.name ?? p.subject };
}
