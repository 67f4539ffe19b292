/** The access a route declares (every /api route must declare one: see plugins/app/auth.ts), in groups of roles. */
import { Role as RoleSchema, ROLES, type Role } from '@callboard/api';

/** Roles by name (`Roles.admin`), from the one list in @callboard/api; what each may do: docs/roles.md. */
export const Roles = RoleSchema.enum;
export type { Role };
export const ROLE_LIST: readonly Role[] = ROLES;

/** A route's access: the roles allowed, or 'public' (health, login). */
export type Access = readonly Role[] | 'public';

/** Common access groups, so routes say what they mean. */
export const Access = {
  public: 'public',
  ingest: [Roles.admin, Roles.integration],
  live: [Roles.admin, Roles.supervisor, Roles.analyst, Roles.display],
  reports: [Roles.admin, Roles.supervisor, Roles.analyst],
  admin: [Roles.admin],
  /** User management read side and password resets (supervisors: not of admins). */
  people: [Roles.admin, Roles.supervisor],
  /** Anyone signed in, tokens included (e.g. GET /auth/me). */
  any: [Roles.admin, Roles.supervisor, Roles.analyst, Roles.agent, Roles.display, Roles.integration],
  /** People signed in with a session (change own password). */
  users: [Roles.admin, Roles.supervisor, Roles.analyst, Roles.agent, Roles.display],
} as const satisfies Record<string, Access>;

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
