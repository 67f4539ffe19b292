/** The access a route declares (every /api route must declare one: see plugins/app/auth.ts), in groups of roles. */
import { ACCESS, ROLES, type Role } from '@callboard/api';

/** The roles, from the one list in @callboard/api; what each may do: docs/roles.md. */
export type { Role };
export const ROLE_LIST: readonly Role[] = ROLES;

/** A route's access: the roles allowed, or 'public' (health, login). */
export type Access = readonly Role[] | 'public';

/** Common access groups, so routes say what they mean: @callboard/api's ACCESS (pages use the same), plus public. */
export const Access = { public: 'public', ...ACCESS } as const satisfies Record<string, Access>;

/** Who is calling: always exactly one tenant. */
export interface Principal {
  tenant: string;
  role: Role;
  /** User id, token id or display id. */
  subject: string;
  kind: 'token' | 'session';
  /** For display tokens: the wallboards they may show. */
  wallboards?: string[];
  /** Sessions: every role of the user (`role` is the most privileged); a route admits the caller if any is allowed. */
  roles?: Role[];
  /** The user's login or the token's name (audit log). */
  name?: string;
  /** Sessions: the signed-in user (agents' own callbacks are found by id or extension). */
  user?: { id: string; login: string; name: string; extension: string | null; queues: string[] };
}
