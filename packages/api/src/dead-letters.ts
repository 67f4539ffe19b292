/** GET /api/v1/dead-letters: rejected input, newest first, with the reason. */
import { z } from 'zod';

export const DeadLetterQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export const DeadLetter = z.object({
  tenant: z.string(),
  received_at: z.string().describe('UTC, ClickHouse DateTime text'),
  source: z.string(),
  reason: z.string(),
  payload: z.string(),
  ref: z.string().optional().describe('the bus message it came from, "<stream seq>@<publish time ms>"'),
});

export const DeadLetterList = z.object({ deadLetters: z.array(DeadLetter) });
export type DeadLetterList = z.infer<typeof DeadLetterList>;
