/** Agents grid options: sort order, logged-out agents, and when a long pause or wrap-up is flagged. */
import { z } from 'zod';
import type { KindWidget } from '../../widget-base.ts';

export const AgentsOptions = z.object({
  sort: z.enum(['state', 'name', 'time']).default('state'),
  showLoggedOut: z.boolean().default(false),
  /** Highlight a paused or wrap-up agent after this many seconds in state. */
  warnAfterSeconds: z.number().int().min(0).max(86_400).default(300),
});
export type AgentsWidget = KindWidget<'agents', typeof AgentsOptions>;
