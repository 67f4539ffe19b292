/** Callers waiting: position, caller, queue and wait so far, longest first. */
import { z } from 'zod';
import { defineKind } from './define.ts';

export const WaitingOptions = z.object({
  limit: z.number().int().min(1).max(50).default(8),
  /** Wait (s) from which a row turns amber, then red. */
  amberAfterSeconds: z.number().int().min(0).default(20),
  redAfterSeconds: z.number().int().min(0).default(60),
});

export const waiting = defineKind({
  kind: 'waiting', label: 'Callers waiting', description: 'Who is waiting now, longest first',
  options: WaitingOptions, metrics: { min: 0, max: 0 }, groupBy: ['none'], windows: ['live'],
  defaults: { title: 'Callers waiting', metrics: [], window: { kind: 'live' }, w: 4, h: 4 },
});
