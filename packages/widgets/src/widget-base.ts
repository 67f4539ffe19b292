/** The bindings every widget has whatever its kind (id, title, cell, metrics, filters, window, grouping, format). */
import { z } from 'zod';
import { Filters, Format, GroupBy, Layout, MetricId, Window } from './common.ts';

export const WidgetId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a widget id is 1-40 letters, digits, _ or -');

export const BASE = {
  id: WidgetId,
  title: z.string().max(80).default(''),
  layout: Layout,
  metrics: z.array(MetricId).max(6).default([]),
  filters: Filters.prefault({}),
  window: Window.default({ kind: 'live' }),
  groupBy: GroupBy.default('none'),
  format: Format.prefault({}),
};
const Bindings = z.object(BASE);

/** What any widget binds, as parsed: the part shared helpers read. */
export type Bindings = z.output<typeof Bindings>;

/** A parsed widget of kind K with options O: the same type as that member of the Widget union. */
export type KindWidget<K extends string, O extends z.ZodType> = Bindings & { kind: K; options: z.output<O> };
