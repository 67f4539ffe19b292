/** Sign-in: the login body, the caller (me), and the change of one's own password. */
import { z } from 'zod';
import { TENANT_PATTERN } from '@callboard/metrics';
import { Role } from './roles.ts';
import { Login, Password } from './users.ts';

export const LoginBody = z.object({
  tenant: z.string().regex(TENANT_PATTERN).optional().describe('the call centre; defaults to CALLBOARD_BOOTSTRAP_TENANT'),
  login: Login,
  // :NOTE: no policy check here: an old password that predates the policy must still log in.
  password: z.string().min(1).max(256),
});

export const Me = z.object({
  tenant: z.string(),
  tenantName: z.string(),
  timezone: z.string().describe("the call centre's IANA timezone: days, hours and dates on every screen are shown in it"),
  role: Role.describe('the most privileged of `roles`'),
  roles: z.array(Role),
  kind: z.enum(['token', 'session']),
  subject: z.string(),
  name: z.string().nullable(),
  user: z.object({ id: z.string(), login: z.string(), name: z.string(), extension: z.string().nullable(), queues: z.array(z.string()) }).nullable(),
  wallboards: z.array(z.string()).nullable().describe('display tokens: the wallboards this TV may show'),
});
export type Me = z.infer<typeof Me>;

export const ChangePassword = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
});
