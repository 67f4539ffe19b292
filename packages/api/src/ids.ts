/** The id in a route's URL (`/users/:id`, `/tokens/:id`): validated once, so no request builds a KV key from it that the store refuses. */
import { z } from 'zod';

/**
 * Ids the engine hands out are UUIDs; anything else (`*`, `>`, a space, a 10 kB string) cannot name
 * a record and is answered 400 with this message instead of reaching the KV store.
 */
export const RecordId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id of this API (1-64 letters, digits, - or _)');

export const IdParams = z.object({ id: RecordId });
