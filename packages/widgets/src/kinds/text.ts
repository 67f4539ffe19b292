/** Text: a heading or a notice for the room. */
import { z } from 'zod';
import { defineKind } from './define.ts';

export const TextOptions = z.object({
  text: z.string().max(2000).default('Welcome'),
  size: z.enum(['small', 'medium', 'large']).default('medium'),
  align: z.enum(['left', 'center', 'right']).default('center'),
});

export const text = defineKind({
  kind: 'text', label: 'Text', description: 'A heading or a notice',
  options: TextOptions, metrics: { min: 0, max: 0 }, groupBy: ['none'], windows: ['live'],
  defaults: { title: '', metrics: [], window: { kind: 'live' }, w: 3, h: 1 },
});
