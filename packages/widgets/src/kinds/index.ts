/** The widget kinds (each its folder and its line in all.ts), in the order the builder offers them. */
import * as ALL from './all.ts';

export const KINDS = ALL;
export type WidgetKind = keyof typeof KINDS;
export const WIDGET_KINDS = (Object.keys(KINDS) as WidgetKind[]).sort((a, b) => KINDS[a].order - KINDS[b].order);

/** What a widget of kind K draws (its own shape on the shared frame). */
export type DataOf<K extends WidgetKind> = ReturnType<(typeof KINDS)[K]['fromLive']>;
export type AnyData = DataOf<WidgetKind>;
