/** Users: the public view and the bodies of /users routes (the stored record, with its hash, stays in the engine). */
import { z } from 'zod';
import { UserRole, USER_ROLES } from './roles.ts';

/** At least 10 characters; long passphrases welcome (argon2 input is capped at 256 to bound CPU). */
export const Password = z.string().min(10, 'at least 10 characters').max(256);

/** Logins are per tenant, lower-case, and usable in a KV key. */
export const Login = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore; up to 64');
export const Extension = z.string().regex(/^\d{2,15}$/, 'digits only, 2 to 15');
export const QueueName = z.string().min(1).max(64);

/** What the API shows of a user: never the password hash. */
export const UserView = z.object({
  id: z.string(),
  tenant: z.string(),
  login: Login,
  name: z.string().min(1).max(120),
  email: z.email().nullable(),
  roles: z.array(UserRole).min(1),
  extension: Extension.nullable(),
  queues: z.array(QueueName),
  disabled: z.boolean(),
  createdAt: z.number().describe('epoch ms'),
  updatedAt: z.number().describe('epoch ms'),
  createdBy: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const UserList = z.object({ users: z.array(UserView) });
export type UserList = z.infer<typeof UserList>;

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

export const CreatedUser = UserView.extend({ password: z.string().nullable().describe('the generated password, shown once; null when you chose it') });
export type CreatedUser = z.infer<typeof CreatedUser>;

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

export const PasswordReset = z.object({ password: z.string().nullable().describe('the generated password, shown once; null when you chose it') });
export type PasswordReset = z.infer<typeof PasswordReset>;
