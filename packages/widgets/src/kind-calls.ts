/** Calls into a widget's own kind, for code that holds a widget of any kind (the board feed, the frame, the builder). */
import type { z } from 'zod';
import type { LiveSnapshot } from '@callboard/metrics';
import { KINDS, type AnyData, type DataOf } from './kinds/index.ts';
import type { KindSpec, TitleWords } from './kinds/define.ts';
import type { Widget } from './widget.ts';
import type { HistoryContext, HistoryRows, LiveContext } from './widget-data.ts';

/** Raised when history is asked of a kind drawn from the live snapshot only. */
export class NoHistoryError extends Error {
  readonly code = 'NO_HISTORY';
  constructor(kind: string) {
    super(`a ${kind} widget is drawn from the live snapshot only`);
    this.name = 'NoHistoryError';
  }
}

// :TRICKY: TypeScript cannot tie KINDS[w.kind] to w (a correlated union); it is w's own kind, so its functions take w.
const kindOf = (w: Widget) => KINDS[w.kind] as unknown as KindSpec<string, z.ZodType, AnyData>;

/** How the widget's frame looks and whether it has data to bind and wait for. */
export const chromeOf = (w: Widget) => KINDS[w.kind].chrome;

/** True when the live snapshot holds exactly what the widget asks for; else its data comes from history. */
export function servedLive(w: Widget): boolean {
  const k = kindOf(w);
  return k.live === 'always' || k.live(w);
}

export const liveData = <W extends Widget>(w: W, s: LiveSnapshot, c: LiveContext) => kindOf(w).fromLive(w, s, c) as DataOf<W['kind']>;

export function historyData<W extends Widget>(w: W, r: HistoryRows, c: HistoryContext): DataOf<W['kind']> {
  const k = kindOf(w);
  if (k.live === 'always') throw new NoHistoryError(w.kind);
  return k.fromHistory(w, r, c) as DataOf<W['kind']>;
}

/** History data joined to the live snapshot, for kinds that keep their latest bucket live. */
export function joinLive<W extends Widget>(w: W, d: DataOf<W['kind']>, s: LiveSnapshot, c: LiveContext): DataOf<W['kind']> {
  const k = kindOf(w);
  return k.live !== 'always' && k.joinLive ? k.joinLive(w, d, s, c) as DataOf<W['kind']> : d;
}

/** The title the widget's bindings give, or null for kinds whose title does not name a metric. */
export const kindTitle = (w: Widget, t: TitleWords): string | null => kindOf(w).title?.(w, t) ?? null;
