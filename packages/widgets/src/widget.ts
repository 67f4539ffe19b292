/** The widget spec: one zod schema (a union by kind) validated by the wallboards API and used by the web app. */
import { z } from 'zod';
import { Filters, Format, GroupBy, Layout, MetricId, Window } from './common.ts';
import { KINDS, type WidgetKind } from './kinds/index.ts';
import { AgentsOptions } from './kinds/agents.ts';
import { BarOptions } from './kinds/bar.ts';
import { ClockOptions } from './kinds/clock.ts';
import { DonutOptions } from './kinds/donut.ts';
import { GaugeOptions } from './kinds/gauge.ts';
import { LineOptions } from './kinds/line.ts';
import { TableOptions } from './kinds/table.ts';
import { TextOptions } from './kinds/text.ts';
import { TileOptions } from './kinds/tile.ts';
import { WaitingOptions } from './kinds/waiting.ts';

export const WidgetId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a widget id is 1-40 letters, digits, _ or -');

const base = {
  id: WidgetId,
  title: z.string().max(80).default(''),
  layout: Layout,
  metrics: z.array(MetricId).max(6).default([]),
  filters: Filters.prefault({}),
  window: Window.default({ kind: 'live' }),
  groupBy: GroupBy.default('none'),
  format: Format.prefault({}),
};

const variant = <K extends WidgetKind, O extends z.ZodType>(kind: K, options: O) =>
  z.object({ ...base, kind: z.literal(kind), options: options.prefault({} as z.input<O>) });

const Union = z.discriminatedUnion('kind', [
  variant('tile', TileOptions), variant('gauge', GaugeOptions), variant('bar', BarOptions), variant('line', LineOptions),
  variant('table', TableOptions), variant('donut', DonutOptions), variant('agents', AgentsOptions),
  variant('waiting', WaitingOptions), variant('clock', ClockOptions), variant('text', TextOptions),
]);


/** One widget; bindings are checked against its kind (metric count, grouping, window). */
export const Widget = Union.transform((w) => {
  // 'none' (the shared default) stands for the kind's first grouping when the kind always groups.
  const groupings = KINDS[w.kind].groupBy as readonly string[];
  return w.groupBy === 'none' && !groupings.includes('none') ? { ...w, groupBy: KINDS[w.kind].groupBy[0] } : w;
}).superRefine((w, ctx) => {
  const spec = KINDS[w.kind];
  const n = w.metrics.length;
  if (n < spec.metrics.min || n > spec.metrics.max) {
    const want = spec.metrics.min === spec.metrics.max ? `${spec.metrics.min}` : `${spec.metrics.min} to ${spec.metrics.max}`;
    ctx.addIssue({ code: 'custom', path: ['metrics'], message: `a ${spec.label.toLowerCase()} shows ${want} metric(s), not ${n}` });
  }
  const groupings = spec.groupBy as readonly string[];
  if (!groupings.includes(w.groupBy) && !(w.groupBy === 'none' && groupings.length === 1)) {
    ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `a ${spec.label.toLowerCase()} groups by ${groupings.join(' or ')}, not ${w.groupBy}` });
  }
  if (w.kind === 'donut' && w.options.source === 'metric' && n !== 1) {
    ctx.addIssue({ code: 'custom', path: ['metrics'], message: 'a donut of a metric needs exactly one metric' });
  }
  if (!(spec.windows as readonly string[]).includes(w.window.kind)) {
    ctx.addIssue({ code: 'custom', path: ['window'], message: `a ${spec.label.toLowerCase()} shows ${spec.windows.join(', ')} data, not ${w.window.kind}` });
  }
});
export type Widget = z.infer<typeof Widget>;
export type WidgetOf<K extends WidgetKind> = Extract<Widget, { kind: K }>;

/** A new widget of a kind with its defaults, at a grid cell. */
export function newWidget(kind: WidgetKind, id: string, at: { x: number; y: number } = { x: 0, y: 0 }): Widget {
  const spec = KINDS[kind];
  const d = spec.defaults;
  return Widget.parse({
    id, kind, title: d.title, metrics: d.metrics, window: d.window, groupBy: spec.groupBy[0],
    layout: { x: at.x, y: at.y, w: d.w, h: d.h }, options: {},
  });
}
