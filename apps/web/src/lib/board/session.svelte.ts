// Everything a page showing widgets needs: metric meta, the live connection, the ticking clock and the widget feed.
import { historyParams, LIVE_METRIC_IDS, type CustomMetric, type Widget } from '@callboard/widgets';
import { api } from '$lib/api.ts';
import { buildMeta, type CatalogueEntry, type MetaMap } from '$lib/values/metric-meta.ts';
import type { HistoryResult } from '$lib/values/history-values.ts';
import type { MetricSettings } from '$lib/values/metric-help.ts';
import { LiveConnection, type LiveOptions } from '$lib/live/live-connection.svelte.ts';
import { Ticker } from '$lib/live/ticker.svelte.ts';
import { BoardFeed, type FetchHistory } from './board-feed.svelte.ts';

/** History through GET /metrics (analysts, supervisors: any widget, saved or not). */
export const historyFromMetrics: FetchHistory = async (w: Widget, today: string) => {
  const metrics = w.metrics.filter((m) => !LIVE_METRIC_IDS.has(m));
  if (!metrics.length) return { timezone: '', rows: [] };
  return api<HistoryResult>('metrics', { query: { ...historyParams(w, today, Date.now(), metrics) } });
};

/** History of a stored wallboard's widget (TVs: a display token reads only what its boards show). */
export const historyFromBoard = (boardId: () => string): FetchHistory => (w: Widget) =>
  api<HistoryResult>(`wallboards/${boardId()}/widgets/${w.id}/history`);

/** What the builder offers for a ticket metric's filters: types (tenant settings) and handlers (user id and name). */
export interface TicketChoices {
  types: string[];
  people: { id: string; name: string }[];
}

export class BoardSession {
  readonly live: LiveConnection;
  readonly feed: BoardFeed;
  readonly ticker = new Ticker();
  meta = $state.raw<MetaMap>(new Map());
  customs = $state.raw<CustomMetric[]>([]);
  catalogue = $state.raw<CatalogueEntry[]>([]);
  /** The tenant's metric thresholds (SL T, short abandon, Tref/Tlim/β), for explaining metrics; null until loaded. */
  settings = $state.raw<MetricSettings | null>(null);
  /** The tenant's ticket types and the people who may handle tickets: the builder's ticket filters. */
  ticketChoices = $state.raw<TicketChoices>({ types: [], people: [] });
  /** True once the catalogue and custom metrics are in `meta` (before, metrics would show without their units). */
  metaLoaded = $state(false);

  /** `meta`: the catalogue and custom metrics already read (a TV's, rendered on the server); `start` then reads them no more. */
  constructor(opts: LiveOptions & { fetchHistory?: FetchHistory; meta?: { catalogue: CatalogueEntry[]; customs: CustomMetric[] } | null } = {}) {
    this.live = new LiveConnection(opts);
    this.feed = new BoardFeed(this.live, opts.fetchHistory ?? historyFromMetrics);
    if (opts.meta) this.setMeta(opts.meta.catalogue, opts.meta.customs);
  }

  /** Server-corrected now, ticking once a second. */
  get now(): number {
    return this.ticker.now + this.live.offset;
  }

  async start(): Promise<void> {
    this.live.start();
    this.ticker.start();
    this.feed.start();
    if (!this.metaLoaded) await this.reloadMeta();
  }

  async reloadMeta(): Promise<void> {
    const [cat, cus] = await Promise.all([
      api<{ metrics: CatalogueEntry[] }>('metrics/catalogue'),
      api<{ metrics: CustomMetric[] }>('custom-metrics'),
    ]);
    this.setMeta(cat.metrics, cus.metrics);
  }

  private setMeta(catalogue: CatalogueEntry[], customs: CustomMetric[]): void {
    this.catalogue = catalogue;
    this.customs = customs;
    this.meta = buildMeta(catalogue, customs);
    this.metaLoaded = true;
  }

  /** Pages where people read metric definitions load the thresholds too; a TV does not need them. */
  async loadSettings(): Promise<void> {
    this.settings = (await api<{ settings: { defaults: MetricSettings } }>('tenant')).settings.defaults;
  }

  /** Pages that edit widgets load the ticket filters' choices; a TV does not need them. */
  async loadTicketChoices(): Promise<void> {
    const [settings, people] = await Promise.all([
      api<{ types: string[] }>('tickets/settings'),
      api<{ people: { id: string; name: string }[] }>('tickets/people'),
    ]);
    this.ticketChoices = { types: settings.types, people: people.people.map(({ id, name }) => ({ id, name })) };
  }

  stop(): void {
    this.live.stop();
    this.ticker.stop();
    this.feed.stop();
  }
}
