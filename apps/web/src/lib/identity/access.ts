// Who may open which page (the API enforces the same; this only keeps menus and pages honest). Me and Role: @callboard/api.
import type { Me, Role } from '@callboard/api';

export type { Me, Role };

/** Pages and the roles that may open them (the API enforces the same; this only keeps menus honest). Longest prefix wins. */
const PAGES: { prefix: string; roles: Role[] }[] = [
  { prefix: '/admin/users', roles: ['admin', 'supervisor'] },
  { prefix: '/admin', roles: ['admin'] },
  { prefix: '/live', roles: ['admin', 'supervisor', 'analyst', 'display'] },
  { prefix: '/wallboards', roles: ['admin', 'supervisor', 'analyst', 'display'] },
  { prefix: '/builder', roles: ['admin', 'supervisor', 'analyst'] },
];

export function canSee(path: string, me: Me | null): boolean {
  const rule = PAGES.filter((p) => path === p.prefix || path.startsWith(`${p.prefix}/`)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!rule) return true;
  return me !== null && me.roles.some((r) => rule.roles.includes(r));
}

