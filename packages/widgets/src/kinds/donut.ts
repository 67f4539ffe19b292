/** Donut: agents by state (live), or one metric split by queue, agent or channel. */
import { z } from 'zod';
import { ALL_WINDOWS, defineKind } from './define.ts';

export const DonutOptions = z.object({
  /** 'agent-states' ignores metrics and shows ready/busy/wrap-up/paused from the live state. */
  source: z.enum(['agent-states', 'metric']).default('agent-states'),
  limit: z.number().int().min(2).max(12).default(6),
});

export const donut = defineKind({
  kind: 'donut', label: 'Donut', description: 'Agents by state, or a metric split by queue, agent or channel',
  options: DonutOptions, metrics: { min: 0, max: 1 }, groupBy: ['queue', 'agent', 'channel'], windows: ALL_WINDOWS,
  defaults: { title: 'Agents by state', metrics: [], window: { kind: 'live' }, w: 3, h: 3 },
});
