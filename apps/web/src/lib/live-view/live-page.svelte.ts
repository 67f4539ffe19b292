// The supervisor view's live connection and ticking clock, shared by /live and /live/queue/<name>.
import { onDestroy, onMount } from 'svelte';
import { LiveConnection } from '$lib/live/live-connection.svelte.ts';
import { Ticker } from '$lib/live/ticker.svelte.ts';

export function useLive() {
  const live = new LiveConnection();
  const ticker = new Ticker();
  onMount(() => { live.start(); ticker.start(); });
  onDestroy(() => { live.stop(); ticker.stop(); });
  return { live, ticker, now: () => ticker.now + live.offset };
}
