// Who may open which page (the API enforces the same; this only keeps menus and pages honest). Me and Role: @callboard/api.
import { ACCESS, type Me, type Role } from '@callboard/api';

export type { Me, Role };

/**
 * Pages and the roles that may open them: the access group of the API routes each page calls, so
 * menus and the API agree. Longest prefix wins.
 */
const PAGES: { prefix: string; roles: readonly Role[] }[] = [
  { prefix: '/admin/users', roles: ACCESS.people },
  { prefix: '/admin', roles: ACCESS.admin },
  { prefix: '/live', roles: ACCESS.live },
  { prefix: '/wallboards', roles: ACCESS.live },
  { prefix: '/builder', roles: ACCESS.reports },
  /** Exports of history (and scheduled reports): the reporting roles. */
  { prefix: '/exports', roles: ACCESS.reports },
  /** The agent home: people who work callbacks themselves (supervisors and admins take calls too). */
  { prefix: '/agent', roles: ACCESS.callbacks },
  /** Assign Call: steering the tenant's callbacks. */
  { prefix: '/callbacks', roles: ACCESS.callbackSupervision },
  /** The missed-call dashboard reads history: the reporting roles. */
  { prefix: '/callbacks/dashboard', roles: ACCESS.reports },
  /** Outbound campaigns: supervisors manage, analysts read, agents see those they are assigned to. */
  { prefix: '/campaigns', roles: ACCESS.campaigns },
  /** Reports read history: the reporting roles. */
  { prefix: '/reports', roles: ACCESS.reports },
  /** Tickets: agents their own, supervisors and admins all, analysts read. */
  { prefix: '/tickets', roles: ACCESS.tickets },
  { prefix: '/tickets/new', roles: ACCESS.ticketWork },
  { prefix: '/tickets/reports', roles: ACCESS.reports },
];

export function canSee(path: string, me: Me | null): boolean {
  const rule = PAGES.filter((p) => path === p.prefix || path.startsWith(`${p.prefix}/`)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!rule) return true;
  return me !== null && me.roles.some((r) => rule.roles.includes(r));
}

