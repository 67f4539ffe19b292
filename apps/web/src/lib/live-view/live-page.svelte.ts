// The supervisor view's live connection, ticking clock and metric explanations, shared by /live and /live/queue/<name>.
import { onDestroy, onMount } from 'svelte';
import { api } from '$lib/api.ts';
import { LiveConnection } from '$lib/live/live-connection.svelte.ts';
import { Ticker } from '$lib/live/ticker.svelte.ts';
import { buildMeta, type CatalogueEntry, type MetaMap } from '$lib/values/metric-meta.ts';
import { metricHelp, type MetricSettings } from '$lib/values/metric-help.ts';

export function useLive() {
  const live = new LiveConnection();
  const ticker = new Ticker();
  let meta = $state.raw<MetaMap>(new Map());
  let settings = $state.raw<MetricSettings | null>(null);
  onMount(() => {
    live.start();
    ticker.start();
    // Explanations are a convenience: the live numbers show whether or not these load.
    api<{ metrics: CatalogueEntry[] }>('metrics/catalogue').then((c) => { meta = buildMeta(c.metrics, []); }).catch(() => {});
    api<{ settings: { defaults: MetricSettings } }>('tenant').then((t) => { settings = t.settings.defaults; }).catch(() => {});
  });
  onDestroy(() => { live.stop(); ticker.stop(); });
  /** What a metric means and the tenant's thresholds it depends on, from the catalogue (empty until it loads). */
  const help = (id: string): string[] => { const m = meta.get(id); return m ? metricHelp(m, settings) : []; };
  return { live, ticker, now: () => ticker.now + live.offset, help };
}
