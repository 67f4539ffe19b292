// Feeds a board's widgets: live ones straight from the snapshot, others from history refreshed as live deltas arrive.
import { untrack } from 'svelte';
import { chromeOf, servedLive, type AnyData, type Widget } from '@callboard/widgets';
import type { LiveConnection } from '$lib/live/live-connection.svelte.ts';
import { liveData } from '$lib/values/live-values.ts';
import { historyData, withLiveTail, type HistoryResult } from '$lib/values/history-values.ts';
import type { MetaMap } from '$lib/values/metric-meta.ts';

/** What a widget's frame shows: its kind's data, or null while it loads; `error` is the last history load's. */
export interface Shown {
  data: AnyData | null;
  error: string | null;
}

export type FetchHistory = (w: Widget, today: string) => Promise<HistoryResult>;

interface Entry {
  key: string;
  result: HistoryResult | null;
  error: string | null;
  loadedAt: number;
  inflight: boolean;
}

/** After a live change, history-backed widgets refresh at most this often. */
const REFRESH_MS = 3_000;
/**
 * History lags live: a call's facts are stored after its wrap-up and late-event grace (~8 s after it ends).
 * One more refresh this long after the last live change picks them up even if nothing else happens.
 */
const SETTLE_MS = 12_000;
/** "Last N minutes" windows slide, and today's history catches up with live, even when nothing happens. */
const SLIDE_MS = 30_000;

const queryKey = (w: Widget) => JSON.stringify([w.kind, w.metrics, w.filters, w.window, w.groupBy]);

function coversToday(w: Widget, today: string): boolean {
  return w.window.kind !== 'range' || w.window.to >= today;
}

export class BoardFeed {
  private entries = $state.raw(new Map<string, Entry>());
  private widgets: Widget[] = [];
  private seenVersion = -1;
  private lastChangeAt = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly live: LiveConnection, private readonly fetchHistory: FetchHistory) {}

  start(): void {
    this.timer = setInterval(() => this.refresh(), 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private today(): string {
    return this.live.snapshot?.day || new Date(this.live.now()).toISOString().slice(0, 10);
  }

  /** Tell the feed which widgets are on screen (new or changed ones load at once). */
  sync(widgets: Widget[]): void {
    untrack(() => this.syncNow(widgets));
  }

  private syncNow(widgets: Widget[]): void {
    this.widgets = widgets;
    const next = new Map<string, Entry>();
    for (const w of widgets) {
      if (servedLive(w)) continue;
      const old = this.entries.get(w.id);
      const key = queryKey(w);
      next.set(w.id, old && old.key === key ? old : { key, result: null, error: null, loadedAt: 0, inflight: false });
    }
    this.entries = next;
    for (const w of widgets) if (this.entries.get(w.id)?.loadedAt === 0) void this.load(w);
  }

  private refresh(): void {
    const now = Date.now();
    if (this.live.version !== this.seenVersion) {
      this.seenVersion = this.live.version;
      this.lastChangeAt = now;
    }
    const settle = this.lastChangeAt + SETTLE_MS;
    const today = this.today();
    for (const w of this.widgets) {
      const e = this.entries.get(w.id);
      if (!e || e.inflight) continue;
      const moving = coversToday(w, today) && ((this.lastChangeAt > e.loadedAt && now - e.loadedAt >= REFRESH_MS) || (e.loadedAt < settle && now >= settle));
      const due = moving
        || ((w.window.kind === 'last' || coversToday(w, today)) && now - e.loadedAt >= SLIDE_MS)
        || (e.error !== null && now - e.loadedAt >= 10_000);
      if (due) void this.load(w);
    }
  }

  private async load(w: Widget): Promise<void> {
    const e = this.entries.get(w.id);
    if (!e) return;
    e.inflight = true;
    const key = e.key;
    let result: HistoryResult | null = null;
    let error: string | null = null;
    try {
      result = await this.fetchHistory(w, this.today());
    } catch (err) {
      error = (err as Error).message;
    }
    const cur = this.entries.get(w.id);
    if (!cur || cur.key !== key) return;
    const next = new Map(this.entries);
    next.set(w.id, { key, result: result ?? cur.result, error, loadedAt: Date.now(), inflight: false });
    this.entries = next;
  }

  /** What a widget shows now. */
  data(w: Widget, meta: MetaMap, now: number): Shown {
    const s = this.live.snapshot;
    if (servedLive(w)) {
      // A kind that binds no data (a clock) draws before the first snapshot, from the frame alone.
      if (!s) return { data: chromeOf(w).bindsData ? null : { series: [], now, timezone: '' }, error: null };
      return { data: liveData(w, s, meta, now), error: null };
    }
    const e = this.entries.get(w.id);
    if (!e?.result) return { data: null, error: e?.error ?? null };
    const d = historyData(w, e.result, meta, now, this.today());
    return { data: s ? withLiveTail(w, d, s, meta) : d, error: e.error };
  }
}
