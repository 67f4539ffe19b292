/** Number tile options: threshold bands and a caption. */
import { z } from 'zod';
import { Thresholds } from '../../common.ts';
import type { KindWidget } from '../../widget-base.ts';

export const TileOptions = z.object({
  thresholds: Thresholds.prefault({}),
  /** Small line under the number, e.g. "target 80 %". */
  caption: z.string().max(80).default(''),
});
export type TileWidget = KindWidget<'tile', typeof TileOptions>;
