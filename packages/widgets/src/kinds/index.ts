/** Every widget kind, in the order the builder offers them: a kind is its folder here and its line in KINDS. */
import { agents } from './agents/index.ts';
import { bar } from './bar/index.ts';
import { clock } from './clock/index.ts';
import { donut } from './donut/index.ts';
import { gauge } from './gauge/index.ts';
import { line } from './line/index.ts';
import { table } from './table/index.ts';
import { text } from './text/index.ts';
import { tile } from './tile/index.ts';
import { waiting } from './waiting/index.ts';

export const KINDS = { tile, gauge, bar, line, table, donut, agents, waiting, clock, text } as const;
export type WidgetKind = keyof typeof KINDS;
export const WIDGET_KINDS = Object.keys(KINDS) as WidgetKind[];

/** What a widget of kind K draws (its own shape on the shared frame). */
export type DataOf<K extends WidgetKind> = ReturnType<(typeof KINDS)[K]['fromLive']>;
export type AnyData = DataOf<WidgetKind>;
