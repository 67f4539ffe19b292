// The agent home's live slice (GET /live/mine, with GET /callbacks/summary): polled every few seconds, since agents do not read the tenant-wide WebSocket.
import type { CallbackSummary, MyLive } from '@callboard/api';
import { api } from '$lib/api';
import { Poller } from '$lib/live/poller';

export class MyLivePoll extends Poller {
  data = $state.raw<MyLive | null>(null);
  /** Callback figures per queue (open, booked, oldest open), same poll. */
  callbacks = $state.raw<CallbackSummary['queues']>([]);
  error = $state<string | null>(null);
  /** Server time − local time, ms, so "in state for" ticks on the server's clock. */
  offset = $state(0);

  constructor(everyMs = 3000) {
    super(everyMs);
  }

  /** Load now (e.g. when a callback change was pushed); the rhythm of the poll is kept. */
  async refresh(): Promise<void> {
    try {
      const [d, c] = await Promise.all([api<MyLive>('live/mine'), api<CallbackSummary>('callbacks/summary').catch(() => null)]);
      if (c) this.callbacks = c.queues;
      this.offset = d.at - Date.now();
      this.data = d;
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }
}
