/** A wallboard: a named grid of widgets; the body the API stores, the export/import file format. */
import { z } from 'zod';
import { Widget } from './widget.ts';
import { CustomMetric } from './custom-metric.ts';

/** :NOTE: no dots in ids: the KV key is `<tenant>.<id>`. */
export const WallboardId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a wallboard id is lowercase letters, digits and -');

const fields = {
  name: z.string().trim().min(1, 'a wallboard needs a name').max(80),
  description: z.string().max(500).default(''),
  /** Grid size in cells; TVs stretch it to the whole screen. */
  columns: z.number().int().min(4).max(24).default(12),
  rows: z.number().int().min(3).max(16).default(8),
  /** Seconds without any message (heartbeats come every 5 s) before a TV marks the board stale. */
  staleAfterSeconds: z.number().int().min(6).max(600).default(15),
  widgets: z.array(Widget).max(60).default([]),
};

type Grid = { columns: number; rows: number; widgets: Widget[] };

/** Widgets inside the grid, no two on the same cell, unique ids. */
function checkGrid(b: Grid, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  b.widgets.forEach((w, i) => {
    const { x, y, w: width, h } = w.layout;
    if (seen.has(w.id)) ctx.addIssue({ code: 'custom', path: ['widgets', i, 'id'], message: `widget id ${w.id} is used twice` });
    seen.add(w.id);
    if (x + width > b.columns || y + h > b.rows) {
      ctx.addIssue({ code: 'custom', path: ['widgets', i, 'layout'], message: `widget ${w.id} does not fit the ${b.columns}×${b.rows} grid` });
    }
    for (const o of b.widgets.slice(0, i)) {
      const l = o.layout;
      if (x < l.x + l.w && l.x < x + width && y < l.y + l.h && l.y < y + h) {
        ctx.addIssue({ code: 'custom', path: ['widgets', i, 'layout'], message: `widget ${w.id} overlaps widget ${o.id}` });
      }
    }
  });
}

/** What a client sends to create or replace a wallboard. */
export const WallboardInput = z.object(fields).superRefine(checkGrid);
export type WallboardInput = z.infer<typeof WallboardInput>;

/** A stored wallboard, as the API returns it. `revision` is the compare-and-set token for updates. */
export const Wallboard = z.object({
  ...fields,
  id: WallboardId,
  archived: z.boolean().default(false),
  createdAt: z.number(),
  updatedAt: z.number(),
  createdBy: z.string(),
  updatedBy: z.string(),
  revision: z.number().int().optional(),
});
export type Wallboard = z.infer<typeof Wallboard>;

/** The export/import file: the wallboard and the custom metrics its widgets use. */
export const WallboardExport = z.object({
  format: z.literal('callboard.wallboard'),
  version: z.literal(1),
  wallboard: WallboardInput,
  customMetrics: z.array(CustomMetric).default([]),
});
export type WallboardExport = z.infer<typeof WallboardExport>;
