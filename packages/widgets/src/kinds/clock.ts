/** Clock: the time (and date) in the tenant's or a chosen timezone. */
import { z } from 'zod';
import { defineKind } from './define.ts';

export const ClockOptions = z.object({
  /** IANA timezone; null = the tenant's. */
  timezone: z.string().max(64).nullable().default(null),
  showDate: z.boolean().default(true),
  showSeconds: z.boolean().default(false),
});

export const clock = defineKind({
  kind: 'clock', label: 'Clock', description: 'Current time and date',
  options: ClockOptions, metrics: { min: 0, max: 0 }, groupBy: ['none'], windows: ['live'],
  defaults: { title: '', metrics: [], window: { kind: 'live' }, w: 2, h: 1 },
});
