/** The stored user record (with its hash): the engine's own; what the API shows of it is @callboard/api's UserView. */
import { z } from 'zod';
import { Extension, Login, QueueName, UserRole, type UserView } from '@callboard/api';

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
export const toView = ({ passwordHash: _h, sessionsValidAfter: _s, ...view }: UserRecord): UserView => view;
