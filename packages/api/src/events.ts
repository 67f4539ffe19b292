/** POST /api/v1/events: its answer, with per-line rejections (the events themselves: @callboard/metrics). */
import { z } from 'zod';

export const Rejection = z.object({
  index: z.number().describe('0-based position (NDJSON: line number − 1)'),
  reason: z.string(),
});

export const PublishResult = z.object({
  accepted: z.number().describe('events published (new)'),
  duplicates: z.number().describe('events whose id was already published (not counted again)'),
  rejected: z.array(Rejection),
});
export type PublishResult = z.infer<typeof PublishResult>;
