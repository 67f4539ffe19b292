// Widget kind → the component that draws it (lib/widgets/<kind>/Widget.svelte); what a kind is lives in @callboard/widgets.
import type { Component } from 'svelte';
import type { AnyData, DataOf, Widget, WidgetKind, WidgetOf } from '@callboard/widgets';
import * as ALL from './views.ts';

/** What a kind's component is given: its own widget and its own data. */
export interface ViewProps<K extends WidgetKind> {
  widget: WidgetOf<K>;
  data: DataOf<K>;
  /** Smallest type size, px. */
  minFont?: number;
  /** The body's expected size, px, before it is measured (a TV's: lib/tv/body-size.ts); kinds that lay out by size start from it. */
  size?: { width: number; height: number };
}

// Every kind must have a component taking its own props: a missing or mistyped one does not compile.
const VIEWS: { [K in WidgetKind]: Component<ViewProps<K>> } = ALL;

/** The component for a widget. :TRICKY: TypeScript cannot tie VIEWS[w.kind] to w; it is w's own kind, so the props fit. */
export const viewOf = (w: Widget) => VIEWS[w.kind] as unknown as Component<{ widget: Widget; data: AnyData; minFont?: number; size?: { width: number; height: number } }>;
