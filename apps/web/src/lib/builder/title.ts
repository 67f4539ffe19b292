// A widget's default title follows what it shows (its metric, grouping) until the analyst writes their own. Pure.
import { KINDS, kindTitle, type Widget } from '@callboard/widgets';

type Labels = (id: string) => string;
const GROUP: Record<string, string> = { queue: 'queue', agent: 'agent', channel: 'channel', hour: 'hour', day: 'day', ticketType: 'ticket type', handler: 'handler' };

/** The title a widget gets from its bindings, or null for kinds whose title does not name a metric. */
export function autoTitle(w: Widget, label: Labels): string | null {
  const names = w.metrics.map(label);
  if (!names.length) return null;
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)!.toLowerCase()}` : names[0];
  return kindTitle(w, { names, list, group: GROUP[w.groupBy] ?? w.groupBy });
}

/**
 * The title after an edit from `prev` to `next`: when the edit left the title alone and the title was still a default
 * (empty, the kind's default, or the title the old bindings gave), it becomes the title of the new bindings.
 * :NOTE: there is no "edited" flag to keep: a title the analyst typed differs from every default, so it stays.
 */
export function followTitle(prev: Widget, next: Widget, label: Labels): string {
  if (next.title !== prev.title) return next.title;
  const wasDefault = prev.title === '' || prev.title === KINDS[prev.kind].defaults.title || prev.title === autoTitle(prev, label);
  return wasDefault ? (autoTitle(next, label) ?? next.title) : next.title;
}
