// Widget values from a history result (GET /metrics or a wallboard widget's history), and joined to the live tail. Pure.
import { historyData as kindHistoryData, joinLive, type DataOf, type Widget } from '@callboard/widgets';
import type { LiveSnapshot } from '@callboard/metrics';
import type { HistoryResult as HistoryAnswer } from '@callboard/api';
import { metaOf, type MetaMap } from './metric-meta.ts';
import { liveContext } from './live-values.ts';

/** What widgets read of a history answer (@callboard/api's HistoryResult of GET /metrics or a widget's history). */
export type HistoryResult = Pick<HistoryAnswer, 'timezone' | 'rows'>;

export function historyData<W extends Widget>(w: W, r: HistoryResult, meta: MetaMap, now: number, today: string): DataOf<W['kind']> {
  return kindHistoryData(w, r, { base: { series: w.metrics.map((id) => metaOf(meta, id)), now, timezone: r.timezone }, today });
}

/** History joined to the live state (a line chart's current hour moves with every delta instead of finished calls). */
export const withLiveTail = <W extends Widget>(w: W, d: DataOf<W['kind']>, s: LiveSnapshot, meta: MetaMap) => joinLive(w, d, s, liveContext(w, meta, d.now, s.timezone));
