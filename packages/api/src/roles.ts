/** The one list of roles (what each may do: docs/roles.md). */
import { z } from 'zod';

/** Most privileged first: a user's `role` is the first of theirs in this order. */
export const ROLES = ['admin', 'supervisor', 'analyst', 'agent', 'display', 'integration'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles a person can hold: integration is for tokens only. */
export const USER_ROLES = ROLES.filter((r): r is Exclude<Role, 'integration'> => r !== 'integration');
export const UserRole = z.enum(USER_ROLES as [Exclude<Role, 'integration'>, ...Exclude<Role, 'integration'>[]]);
export type UserRole = z.infer<typeof UserRole>;
