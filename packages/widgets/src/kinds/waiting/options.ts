/** Callers waiting options: rows, and the waits at which a row turns amber and red. */
import { z } from 'zod';
import type { KindWidget } from '../../widget-base.ts';

export const WaitingOptions = z.object({
  limit: z.number().int().min(1).max(50).default(8),
  /** Wait (s) from which a row turns amber, then red. */
  amberAfterSeconds: z.number().int().min(0).default(20),
  redAfterSeconds: z.number().int().min(0).default(60),
});
export type WaitingWidget = KindWidget<'waiting', typeof WaitingOptions>;
