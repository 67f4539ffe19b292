/** The one list of roles and the groups of them that API routes and pages admit (what each may do: docs/roles.md). */
import { z } from 'zod';

/** Most privileged first: a user's `role` is the first of theirs in this order. */
export const ROLES = ['admin', 'supervisor', 'analyst', 'agent', 'display', 'integration'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles a person can hold: integration is for tokens only. */
export const USER_ROLES = ROLES.filter((r): r is Exclude<Role, 'integration'> => r !== 'integration');
export const UserRole = z.enum(USER_ROLES as [Exclude<Role, 'integration'>, ...Exclude<Role, 'integration'>[]]);
export type UserRole = z.infer<typeof UserRole>;

/** Groups of roles, so a route (`config.access`) and the page that calls it say the same thing. */
export const ACCESS = {
  ingest: ['admin', 'integration'],
  live: ['admin', 'supervisor', 'analyst', 'display'],
  reports: ['admin', 'supervisor', 'analyst'],
  admin: ['admin'],
  /** User management read side and password resets (supervisors: not of admins). */
  people: ['admin', 'supervisor'],
  /** Missed calls and callbacks: agents work their pool, supervisors and admins all of the tenant. */
  callbacks: ['admin', 'supervisor', 'agent'],
  /** Steering callbacks: assign, cancel a booking, force-close, flush. */
  callbackSupervision: ['admin', 'supervisor'],
  /** Outbound callback campaigns, read: supervisors and analysts all, agents the ones they are assigned to (managing them is callbackSupervision). */
  campaigns: ['admin', 'supervisor', 'analyst', 'agent'],
  /** Tickets, read: agents their own, supervisors and admins all of the tenant, analysts read all. */
  tickets: ['admin', 'supervisor', 'analyst', 'agent'],
  /** Tickets, write: open, edit, move, notes (agents on their own tickets). */
  ticketWork: ['admin', 'supervisor', 'agent'],
  /** Ticket metrics (wallboard widgets): displays see these and no ticket. */
  ticketMetrics: ['admin', 'supervisor', 'analyst', 'agent', 'display'],
  /** PBX commands about any agent (seed 004): queue log in/out, end wrap-up, listen/whisper/barge. */
  agentActions: ['admin', 'supervisor'],
  /** PBX commands an agent may also give, about themselves only (originate, pause, unpause): the route checks the target. */
  ownActions: ['admin', 'supervisor', 'agent'],
  /** PBX adapters: receive the tenant's commands and answer them (WebSocket /commands/ws); an integration token. */
  pbx: ['integration'],
  /** Anyone signed in, tokens included (e.g. GET /auth/me). */
  any: ROLES,
  /** People signed in with a session (change own password). */
  users: USER_ROLES,
} as const satisfies Record<string, readonly Role[]>;
