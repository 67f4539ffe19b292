/** Zod schemas of users: the stored record, the public view, and the bodies of the user routes. */
import { z } from 'zod';
import { Password } from '../identity/passwords.ts';

/** Roles a person can hold (integration is for tokens only). */
export const USER_ROLES = ['admin', 'supervisor', 'analyst', 'agent', 'display'] as const;
export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

/** Logins are per tenant, lower-case, and usable in a KV key. */
export const Login = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore; up to 64');
export const Extension = z.string().regex(/^\d{2,15}$/, 'digits only, 2 to 15');
export const QueueName = z.string().min(1).max(64);

export const UserRecord = z.object({
  id: z.string(),
  tenant: z.string(),
  login: Login,
  name: z.string().min(1).max(120),
  email: z.email().nullable(),
  roles: z.array(UserRole).min(1),
  extension: Extension.nullable(),
  queues: z.array(QueueName),
  disabled: z.boolean(),
  passwordHash: z.string(),
  /** Sessions created before this (epoch ms) are void: set by password changes and resets. */
  sessionsValidAfter: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  createdBy: z.string(),
});
export type UserRecord = z.infer<typeof UserRecord>;

/** What the API shows of a user: never the hash. */
export const UserView = UserRecord.omit({ passwordHash: true, sessionsValidAfter: true });
export type UserView = z.infer<typeof UserView>;
export const toView = ({ passwordHash: _h, sessionsValidAfter: _s, ...view }: UserRecord): UserView => view;

const roles = z.array(UserRole).min(1).max(USER_ROLES.length).transform((r) => [...new Set(r)]);

export const CreateUser = z.object({
  login: Login,
  name: z.string().trim().min(1).max(120),
  email: z.email().max(254).nullable().optional(),
  roles,
  extension: Extension.nullable().optional().describe('VoIP extension, digits only'),
  queues: z.array(QueueName).max(200).optional(),
  password: Password.optional().describe('omit to generate one; it is returned once'),
});
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  email: z.email().max(254).nullable().optional(),
  roles: roles.optional(),
  extension: Extension.nullable().optional(),
  queues: z.array(QueueName).max(200).optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUser = z.infer<typeof UpdateUser>;

export const ResetPassword = z.object({
  password: Password.optional().describe('omit to generate one; it is returned once'),
});
