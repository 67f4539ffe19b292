/** A widget kind as a plugin: what it is (options, defaults, bindings, builder fields, chrome) and how it gets its data. */
import type { z } from 'zod';
import type { LiveSnapshot } from '@callboard/metrics';
import type { GroupBy, Window } from '../common.ts';
import type { OptionField } from '../option-fields.ts';
import type { KindWidget } from '../widget-base.ts';
import type { Frame, HistoryContext, HistoryRows, LiveContext } from '../widget-data.ts';

/** A rule a kind adds to the shared binding checks, reported at `path`. */
export interface KindIssue {
  path: string[];
  message: string;
}

/** Words a default title is made of: the bound metrics' labels, them as one list, and the grouping. */
export interface TitleWords {
  names: string[];
  /** "Offered, answered and aht". */
  list: string;
  /** "queue", "hour", … */
  group: string;
}

interface KindBase<K extends string, O extends z.ZodType, D extends Frame> {
  kind: K;
  /** Its place in the builder's list of kinds (ascending). */
  order: number;
  label: string;
  description: string;
  /** Options schema; its defaults are the kind's default options. */
  options: O;
  /** How many metrics it binds (0 = none). */
  metrics: { min: number; max: number };
  /** Groupings it can show; the first is the default. */
  groupBy: readonly GroupBy[];
  /** Windows it accepts. */
  windows: readonly Window['kind'][];
  defaults: { title: string; metrics: string[]; window: Window; w: number; h: number };
  /** The builder's form for its options (Grafana's setPanelOptions). */
  fields: readonly OptionField[];
  /**
   * `bare`: drawn without a panel (clock, text). `bindsData`: false when it shows no snapshot or history data, so it
   * has no filters or data source to pick and nothing to wait for.
   */
  chrome: { bare: boolean; bindsData: boolean };
  /** Rules beyond metric count, grouping and window (e.g. a donut of a metric needs one metric). */
  check?: (w: KindWidget<K, O>) => KindIssue[];
  /** The title its bindings give; without it (or on null) the title does not follow the metrics. */
  title?: (w: KindWidget<K, O>, t: TitleWords) => string | null;
  /** Its data from the live snapshot. */
  fromLive: (w: KindWidget<K, O>, s: LiveSnapshot, c: LiveContext) => D;
}

/** A kind drawn from the live snapshot only (agents, callers waiting, clock, text). */
export interface LiveKind<K extends string, O extends z.ZodType, D extends Frame> extends KindBase<K, O, D> {
  live: 'always';
}

/** A kind that reads history when the snapshot does not hold what it binds. */
export interface HistoryKind<K extends string, O extends z.ZodType, D extends Frame> extends KindBase<K, O, D> {
  /** True when the snapshot holds exactly what this widget asks for. */
  live: (w: KindWidget<K, O>) => boolean;
  fromHistory: (w: KindWidget<K, O>, r: HistoryRows, c: HistoryContext) => D;
  /** History joined to the live snapshot (a line chart's current bucket kept live). */
  joinLive?: (w: KindWidget<K, O>, d: D, s: LiveSnapshot, c: LiveContext) => D;
}

export type KindSpec<K extends string = string, O extends z.ZodType = z.ZodType, D extends Frame = Frame> = LiveKind<K, O, D> | HistoryKind<K, O, D>;

export const defineLiveKind = <const K extends string, O extends z.ZodType, D extends Frame>(spec: LiveKind<K, O, D>) => spec;
export const defineHistoryKind = <const K extends string, O extends z.ZodType, D extends Frame>(spec: HistoryKind<K, O, D>) => spec;

export const ALL_WINDOWS = ['live', 'today', 'last', 'range'] as const;

/** What every kind that binds no data shares (clock, text): no metrics, live only, drawn bare from its options and the frame. */
export const NO_DATA = {
  metrics: { min: 0, max: 0 }, groupBy: ['none'], windows: ['live'],
  chrome: { bare: true, bindsData: false },
  live: 'always', fromLive: <F>(_w: unknown, _s: unknown, c: { base: F }) => c.base,
} as const;
