/** The widget spec: one zod schema (a union by kind, built from KINDS) validated by the wallboards API and used by the web app. */
import { z } from 'zod';
import { KINDS, WIDGET_KINDS, type WidgetKind } from './kinds/index.ts';
import type { KindSpec } from './kinds/define.ts';
import { BASE, type Bindings } from './widget-base.ts';
import { ticketBindingIssues } from './ticket-bindings.ts';

const variant = <K extends WidgetKind, O extends z.ZodType>(kind: K, options: O) =>
  z.object({ ...BASE, kind: z.literal(kind), options: options.prefault({} as z.input<O>) });
type Variant = { [K in WidgetKind]: (typeof KINDS)[K]['options'] extends infer O extends z.ZodType ? ReturnType<typeof variant<K, O>> : never }[WidgetKind];

// :NOTE: map() loses which member is which; the mapped Variant type above restores it, so z.infer is the full union.
const Union = z.discriminatedUnion('kind', WIDGET_KINDS.map((k) => variant(k, KINDS[k].options)) as unknown as [Variant, ...Variant[]]);

/** The kind's rules, for a widget of any kind (TypeScript cannot tie KINDS[w.kind] to w; it is the same kind). */
const specOf = (kind: WidgetKind) => KINDS[kind] as unknown as KindSpec;

/** One widget; bindings are checked against its kind (metric count, grouping, window, and the kind's own rules). */
export const Widget = Union.transform((w) => {
  // 'none' (the shared default) stands for the kind's first grouping when the kind always groups.
  const groupings = KINDS[w.kind].groupBy as readonly string[];
  return w.groupBy === 'none' && !groupings.includes('none') ? { ...w, groupBy: KINDS[w.kind].groupBy[0] } : w;
}).superRefine((w, ctx) => {
  const spec = specOf(w.kind);
  const n = w.metrics.length;
  if (n < spec.metrics.min || n > spec.metrics.max) {
    const want = spec.metrics.min === spec.metrics.max ? `${spec.metrics.min}` : `${spec.metrics.min} to ${spec.metrics.max}`;
    ctx.addIssue({ code: 'custom', path: ['metrics'], message: `a ${spec.label.toLowerCase()} shows ${want} metric(s), not ${n}` });
  }
  const groupings = spec.groupBy as readonly string[];
  if (!groupings.includes(w.groupBy) && !(w.groupBy === 'none' && groupings.length === 1)) {
    ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `a ${spec.label.toLowerCase()} groups by ${groupings.join(' or ')}, not ${w.groupBy}` });
  }
  for (const issue of spec.check?.(w) ?? []) ctx.addIssue({ code: 'custom', ...issue });
  for (const issue of ticketBindingIssues(w as Bindings)) ctx.addIssue({ code: 'custom', ...issue });
  if (!(spec.windows as readonly string[]).includes(w.window.kind)) {
    ctx.addIssue({ code: 'custom', path: ['window'], message: `a ${spec.label.toLowerCase()} shows ${spec.windows.join(', ')} data, not ${w.window.kind}` });
  }
});
export type Widget = z.infer<typeof Widget>;
export type WidgetOf<K extends WidgetKind> = Extract<Widget, { kind: K }>;

/** A new widget of a kind with its defaults, at a grid cell. */
export function newWidget<K extends WidgetKind>(kind: K, id: string, at: { x: number; y: number } = { x: 0, y: 0 }): WidgetOf<K> {
  const spec = KINDS[kind];
  const d = spec.defaults;
  return Widget.parse({
    id, kind, title: d.title, metrics: d.metrics, window: d.window, groupBy: spec.groupBy[0],
    layout: { x: at.x, y: at.y, w: d.w, h: d.h }, options: {},
  }) as WidgetOf<K>;
}
