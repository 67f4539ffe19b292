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
}
