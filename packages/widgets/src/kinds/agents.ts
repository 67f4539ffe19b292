/** Agents grid: every agent's state, time in state, calls today and current call. */
import { z } from 'zod';
import { defineKind } from './define.ts';

export const AgentsOptions = z.object({
  sort: z.enum(['state', 'name', 'time']).default('state'),
  showLoggedOut: z.boolean().default(false),
  /** Highlight a paused or wrap-up agent after this many seconds in state. */
  warnAfterSeconds: z.number().int().min(0).max(86_400).default(300),
});

export const agents = defineKind({
  kind: 'agents', label: 'Agents grid', description: 'Agent state, time in state, calls and current call',
  options: AgentsOptions, metrics: { min: 0, max: 1 }, groupBy: ['none'], windows: ['live'],
  defaults: { title: 'Agents', metrics: ['answered'], window: { kind: 'live' }, w: 6, h: 4 },
});
