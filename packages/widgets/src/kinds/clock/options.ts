/** Clock options: timezone, date and seconds. */
import { z } from 'zod';
import type { KindWidget } from '../../widget-base.ts';

export const ClockOptions = z.object({
  /** IANA timezone; null = the tenant's. */
  timezone: z.string().max(64).nullable().default(null),
  showDate: z.boolean().default(true),
  showSeconds: z.boolean().default(false),
});
export type ClockWidget = KindWidget<'clock', typeof ClockOptions>;
