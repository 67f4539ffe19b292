/** The stored user record (with its hash): the engine's own; what the API shows of it is @callboard/api's UserView. */
import { z } from 'zod';
import { UserView } from '@callboard/api';

/** The public view plus what never leaves the engine. */
export const UserRecord = UserView.extend({
  passwordHash: z.string(),
  /** Sessions created before this (epoch ms) are void: set by password changes and resets. */
  sessionsValidAfter: z.number(),
});
export type UserRecord = z.infer<typeof UserRecord>;

/** What the API shows of a user: never the hash. */
export const toView = ({ passwordHash: _h, sessionsValidAfter: _s, ...view }: UserRecord): UserView => view;
