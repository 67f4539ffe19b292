// Widget kind → the component that draws it (lib/widgets/<kind>/Widget.svelte); what a kind is lives in @callboard/widgets.
import type { Component } from 'svelte';
import type { AnyData, DataOf, Widget, WidgetKind, WidgetOf } from '@callboard/widgets';
import Tile from './tile/Widget.svelte';
import Gauge from './gauge/Widget.svelte';
import Bar from './bar/Widget.svelte';
import Line from './line/Widget.svelte';
import Table from './table/Widget.svelte';
import Donut from './donut/Widget.svelte';
import Agents from './agents/Widget.svelte';
import Waiting from './waiting/Widget.svelte';
import Clock from './clock/Widget.svelte';
import Text from './text/Widget.svelte';

/** What a kind's component is given: its own widget and its own data. */
export interface ViewProps<K extends WidgetKind> {
  widget: WidgetOf<K>;
  data: DataOf<K>;
  /** Smallest type size, px. */
  minFont?: number;
}

// Every kind must have a component taking its own props: a missing or mistyped one does not compile.
const VIEWS: { [K in WidgetKind]: Component<ViewProps<K>> } = {
  tile: Tile, gauge: Gauge, bar: Bar, line: Line, table: Table, donut: Donut, agents: Agents, waiting: Waiting, clock: Clock, text: Text,
};

/** The component for a widget. :TRICKY: TypeScript cannot tie VIEWS[w.kind] to w; it is w's own kind, so the props fit. */
export const viewOf = (w: Widget) => VIEWS[w.kind] as unknown as Component<{ widget: Widget; data: AnyData; minFont?: number }>;
