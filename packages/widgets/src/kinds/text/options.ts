/** Text options: the words, their size and alignment. */
import { z } from 'zod';
import type { KindWidget } from '../../widget-base.ts';

export const TextOptions = z.object({
  text: z.string().max(2000).default('Welcome'),
  size: z.enum(['small', 'medium', 'large']).default('medium'),
  align: z.enum(['left', 'center', 'right']).default('center'),
});
export type TextWidget = KindWidget<'text', typeof TextOptions>;
