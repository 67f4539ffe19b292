// What a TV page shows first (its wallboards, the live snapshot, the metric catalogue, the custom metrics), read by the
// TV routes' server load, so that the page's HTML already carries its first numbers (issue 13).
import type { AgentLive, LiveSnapshot } from '@callboard/metrics';
import { parseFormula, references } from '$formula';
import type { CustomMetric, Wallboard } from '@callboard/widgets';
import { api } from '$lib/api.ts';
import type { CatalogueEntry } from '$lib/values/metric-meta.ts';

export interface TvFirst {
  boards: Wallboard[];
  /**
   * The live snapshot as JSON (cut: `forBoards`).
   * :NOTE: as text, not an object: SvelteKit writes a load's data into the HTML by walking every value (devalue),
   * ~40 ms of the engine's CPU per page for 1,000 agents; a string is written as it is, and parsed once in the browser.
   */
  liveJson: string;
  catalogue: CatalogueEntry[];
  customs: CustomMetric[];
}

/**
 * The first answers of a TV showing `ids`, through a server load's `fetch` (the engine answers it in process:
 * hooks.server.ts), the snapshot cut to what the boards show (`forBoards`): they travel in the page's HTML to the
 * browser's hydration. Null when there are no ids or any answer fails.
 * :NOTE: null is not an error shown here: the page then loads in the browser as it always did, and shows the
 * failure (no display cookie, a revoked token; in `vite dev` the server has no engine to ask).
 */
export async function tvFirst(ids: string[], fetch: typeof globalThis.fetch): Promise<TvFirst | null> {
  if (!ids.length) return null;
  const [boards, catalogue, customs] = await Promise.allSettled([
    Promise.all(ids.map((id) => api<Wallboard>(`wallboards/${encodeURIComponent(id)}`, { fetch }))),
    api<{ metrics: CatalogueEntry[] }>('metrics/catalogue', { fetch }),
    api<{ metrics: CustomMetric[] }>('custom-metrics', { fetch }),
  ]);
  if (boards.status !== 'fulfilled' || catalogue.status !== 'fulfilled' || customs.status !== 'fulfilled') return null;
  // The engine cuts the agents' metrics itself: building, checking and parsing 700 KB to keep 130 KB was most of a
  // 1,000-agent TV page's server time.
  const read = metricsRead(boards.value, customs.value.metrics);
  // :NOTE: in the path, not `query`: api() leaves out empty values, and "" (no agent metric) is the common case.
  const live = await api<LiveSnapshot>(`live?agentMetrics=${encodeURIComponent([...read].join(','))}`, { fetch }).catch(() => null);
  if (!live) return null;
  return { boards: boards.value, liveJson: JSON.stringify(forBoards(live, boards.value, customs.value.metrics)), catalogue: catalogue.value.metrics, customs: customs.value.metrics };
}

/** The metrics the boards' widgets read: their metrics, and what the custom metrics among them are computed from. */
export function metricsRead(boards: Wallboard[], customs: CustomMetric[]): Set<string> {
  const formulas = new Map(customs.map((c) => [c.id, c.formula]));
  const read = new Set<string>();
  for (const w of boards.flatMap((b) => b.widgets)) {
    for (const id of w.metrics) {
      read.add(id);
      const formula = formulas.get(id);
      if (formula === undefined) continue;
      // :NOTE: a formula that does not parse shows nothing (lib/values/metric-meta.ts): it needs no value.
      try { references(parseFormula(formula), read); } catch { /* nothing to read */ }
    }
  }
  return read;
}

/**
 * The snapshot with each agent's metrics cut to those the boards' widgets read (metricsRead); queues and the total
 * stay whole (the engine already cut it when asked with `agentMetrics`; an answer that was not is cut here).
 * :NOTE: every agent carries the day's ~25 metrics: for 1,000 agents 600 KB of a 700 KB snapshot, which a board of
 * tiles and an agents grid never reads. The socket's snapshot, whole, replaces this one a moment later.
 */
export function forBoards(s: LiveSnapshot, boards: Wallboard[], customs: CustomMetric[]): LiveSnapshot {
  const read = metricsRead(boards, customs);
  const cut = (a: AgentLive): AgentLive => ({ ...a, metrics: Object.fromEntries(Object.entries(a.metrics).filter(([id]) => read.has(id))) });
  return { ...s, agents: s.agents.map(cut) };
}

/** The wallboards a playlist URL names (`?ids=a,b`). */
export const playlistIds = (url: URL): string[] => (url.searchParams.get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
