/** Roles and the access a route declares (every /api route must declare one: see plugins/app/auth.ts). */
export const Roles = {
  /** Tenants' users, tokens, settings; everything below. */
  admin: 'admin',
  /** Live views, callbacks assignment, reports, users' passwords of their tenant. */
  supervisor: 'supervisor',
  /** Builds widgets, wallboards and reports; changes no users. */
  analyst: 'analyst',
  /** Works their callbacks and tickets. */
  agent: 'agent',
  /** A TV: reads the data of the wallboards it is bound to, nothing else. */
  display: 'display',
  /** A PBX adapter or script: posts events, nothing else. */
  integration: 'integration',
} as const;
export type Role = (typeof Roles)[keyof typeof Roles];
export const ROLE_LIST = Object.values(Roles) as Role[];

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
