/** Every widget kind, in the order the builder offers them. */
import { agents } from './agents.ts';
import { bar } from './bar.ts';
import { clock } from './clock.ts';
import { donut } from './donut.ts';
import { gauge } from './gauge.ts';
import { line } from './line.ts';
import { table } from './table.ts';
import { text } from './text.ts';
import { tile } from './tile.ts';
import { waiting } from './waiting.ts';

export const KINDS = { tile, gauge, bar, line, table, donut, agents, waiting, clock, text } as const;
export type WidgetKind = keyof typeof KINDS;
export const WIDGET_KINDS = Object.keys(KINDS) as WidgetKind[];
