// Widget kind → its component and builder fields (one folder per widget under lib/widgets/<kind>/).
import type { Component } from 'svelte';
import type { WidgetKind } from '@callboard/widgets';
import type { OptionField } from './option-fields.ts';
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
import { fields as tile } from './tile/spec.ts';
import { fields as gauge } from './gauge/spec.ts';
import { fields as bar } from './bar/spec.ts';
import { fields as line } from './line/spec.ts';
import { fields as table } from './table/spec.ts';
import { fields as donut } from './donut/spec.ts';
import { fields as agents } from './agents/spec.ts';
import { fields as waiting } from './waiting/spec.ts';
import { fields as clock } from './clock/spec.ts';
import { fields as text } from './text/spec.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMPONENTS: Record<WidgetKind, Component<any>> = {
  tile: Tile, gauge: Gauge, bar: Bar, line: Line, table: Table, donut: Donut, agents: Agents, waiting: Waiting, clock: Clock, text: Text,
};

export const FIELDS: Record<WidgetKind, OptionField[]> = { tile, gauge, bar, line, table, donut, agents, waiting, clock, text };
