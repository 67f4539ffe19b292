// Editing a widget as a draft: validate with the shared zod spec, report issues as "field: message" lines. Pure.
import { KINDS, TICKET_GROUPINGS, Widget, isTicketMetric, newWidget, type WidgetKind } from '@callboard/widgets';

export interface DraftResult {
  widget: Widget | null;
  issues: string[];
}

export function validateDraft(draft: unknown): DraftResult {
  const r = Widget.safeParse(draft);
  if (r.success) return { widget: r.data, issues: [] };
  return { widget: null, issues: r.error.issues.map((i) => `${i.path.join('.') || 'widget'}: ${i.message}`) };
}

/** Change a widget's kind, keeping id, title, layout, filters and as many metrics as the new kind takes. */
export function changeKind(w: Widget, kind: WidgetKind): Widget {
  const fresh = newWidget(kind, w.id, { x: w.layout.x, y: w.layout.y });
  const spec = KINDS[kind];
  const metrics = w.metrics.slice(0, spec.metrics.max);
  const window = (spec.windows as readonly string[]).includes(w.window.kind) ? w.window : fresh.window;
  const candidate = { ...fresh, title: w.title || fresh.title, layout: w.layout, filters: w.filters, window, format: w.format,
    metrics: metrics.length >= spec.metrics.min ? metrics : fresh.metrics };
  return Widget.safeParse(fitFilters(candidate as Widget)).data ?? { ...fresh, layout: w.layout };
}

/** True when the widget binds ticket metrics only (it takes ticket type / handler filters, not queue, agent, channel). */
export const bindsTickets = (w: Pick<Widget, 'metrics'>) => w.metrics.length > 0 && w.metrics.every(isTicketMetric);

/** The kind's groupings that fit the widget's metrics: ticket metrics group by ticket type or handler, others not. */
export function groupingsFor(w: Pick<Widget, 'kind' | 'metrics'>): readonly string[] {
  const tickets = bindsTickets(w);
  return (KINDS[w.kind].groupBy as readonly string[]).filter((g) => g === 'none' || TICKET_GROUPINGS.includes(g) === tickets);
}

/**
 * The filters and grouping that fit the widget's metrics once they change: ticket metrics drop the queue, agent and
 * channel filters (refused for them) and group by nothing (a tile) or by ticket type (a bar, table or donut) unless
 * already grouped by type or handler; other metrics drop the ticket type and handler filters and groupings.
 */
export function fitFilters(w: Widget): Widget {
  const groupings = KINDS[w.kind].groupBy as readonly string[];
  const ticketGrouped = TICKET_GROUPINGS.includes(w.groupBy);
  if (bindsTickets(w)) {
    const groupBy = ticketGrouped || w.groupBy === 'none' ? w.groupBy : groupings.includes('none') ? 'none' : groupings.includes('ticketType') ? 'ticketType' : w.groupBy;
    return { ...w, groupBy, filters: { ...w.filters, queues: [], agents: [], channel: null } } as Widget;
  }
  const groupBy = ticketGrouped ? groupings[0] : w.groupBy;
  return { ...w, groupBy, filters: { ...w.filters, ticketTypes: [], handlers: [] } } as Widget;
}
