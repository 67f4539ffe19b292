/** Wallboards: params, bodies and answers of /wallboards (the board and widget specs are declared in @callboard/widgets). */
import { z } from 'zod';
import { Wallboard, WallboardExport, WallboardId, WallboardInput, WidgetId } from '@callboard/widgets';

export { Wallboard, WallboardExport, WallboardInput };

export const WallboardParams = z.object({ id: WallboardId });
export const WidgetParams = WallboardParams.extend({ widget: WidgetId });

export const WallboardList = z.object({ wallboards: z.array(Wallboard) });
export type WallboardList = z.infer<typeof WallboardList>;

export const ReplaceWallboard = z.object({
  revision: z.number().int().min(0).describe('the revision you read: 409 if the board changed since'),
  wallboard: WallboardInput,
});
export type ReplaceWallboard = z.infer<typeof ReplaceWallboard>;

export const ArchiveWallboard = z.object({ archived: z.boolean() });
