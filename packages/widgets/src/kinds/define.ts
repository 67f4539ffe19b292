/** A widget kind's declaration: its options schema, defaults, and which bindings it accepts. */
import type { z } from 'zod';
import type { GroupBy, Window } from '../common.ts';

export interface KindSpec<O extends z.ZodType = z.ZodType> {
  kind: string;
  label: string;
  description: string;
  options: O;
  /** How many metrics it binds (0 = none). */
  metrics: { min: number; max: number };
  /** Groupings it can show; the first is the default. */
  groupBy: readonly GroupBy[];
  /** Windows it accepts. */
  windows: readonly Window['kind'][];
  defaults: { title: string; metrics: string[]; window: Window; w: number; h: number };
}

export const defineKind = <O extends z.ZodType>(spec: KindSpec<O>): KindSpec<O> => spec;

export const ALL_WINDOWS = ['live', 'today', 'last', 'range'] as const;
