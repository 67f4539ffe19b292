/** GET /callbacks: the filters, views, sort and paging over a tenant's requests in memory. */
import type { CallbackListQuery, CallbackListStatus } from '@callboard/api';
import type { CallbackRequest } from '@callboard/metrics';
import type { Principal } from '../identity/roles.ts';
import { isMine, isSupervisor, maySee, type CampaignDirectory } from './access.ts';
import type { StoredRequest } from './service.ts';

/** The Status column's value of a request, as the status filter names it. */
function statusOf(r: CallbackRequest): CallbackListStatus {
  if (r.status === 'closed') return r.closeReason ?? 'forced';
  if (r.bookedBy !== null) return 'booked';
  return r.assignedTo !== null ? 'assigned' : 'free';
}

export function listRequests(all: StoredRequest[], q: CallbackListQuery, p: Principal, campaigns: CampaignDirectory): { page: StoredRequest[]; total: number } {
  const caller = q.caller?.replace(/[\s()\-.]/g, '').toLowerCase();
  const matches = all.filter(({ request: r }) => {
    if (q.view === 'closed' ? r.status !== 'closed' : r.status !== 'open' || r.hidden !== (q.view === 'hidden')) return false;
    if (q.queue !== undefined && !r.queues.includes(q.queue)) return false;
    if (q.source !== undefined && (r.campaign === null) !== (q.source === 'queue')) return false;
    if (q.campaign !== undefined && r.campaign !== q.campaign) return false;
    if (caller !== undefined && !r.caller.replace(/[\s()\-.]/g, '').toLowerCase().includes(caller)) return false;
    if (q.bookedBy !== undefined && r.bookedBy !== q.bookedBy) return false;
    if (q.assignedTo !== undefined && r.assignedTo !== q.assignedTo) return false;
    if (q.mine && !isMine(p, r)) return false;
    if (q.minCalls !== undefined && r.numCalls < q.minCalls) return false;
    if (q.minRecalled !== undefined && r.numRecalled < q.minRecalled) return false;
    if (q.lastCallFrom !== undefined && r.lastCall < q.lastCallFrom) return false;
    if (q.lastCallTo !== undefined && r.lastCall >= q.lastCallTo) return false;
    if (q.firstCallFrom !== undefined && r.firstCall < q.firstCallFrom) return false;
    if (q.firstCallTo !== undefined && r.firstCall >= q.firstCallTo) return false;
    if (q.lastRecalledFrom !== undefined && (r.lastRecalled === null || r.lastRecalled < q.lastRecalledFrom)) return false;
    if (q.lastRecalledTo !== undefined && (r.lastRecalled === null || r.lastRecalled >= q.lastRecalledTo)) return false;
    if (q.status !== undefined && statusOf(r) !== q.status) return false;
    return maySee(p, r, campaigns);
  });
  const dir = q.order === 'asc' ? 1 : -1;
  const key = (s: StoredRequest) => s.request[q.sort] ?? -Infinity;
  // An agent's own requests come first, then the pool (the agent home lists both in one list).
  const mineFirst = isSupervisor(p) ? () => 0 : (a: StoredRequest, b: StoredRequest) => Number(isMine(p, b.request)) - Number(isMine(p, a.request));
  matches.sort((a, b) => mineFirst(a, b) || dir * (key(a) - key(b)) || a.request.id.localeCompare(b.request.id));
  return { page: matches.slice(q.offset, q.offset + q.limit), total: matches.length };
}
