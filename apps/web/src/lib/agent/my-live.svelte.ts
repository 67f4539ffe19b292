// The agent home's live slice (GET /live/mine, with GET /callbacks/summary): polled every few seconds, since agents do not read the tenant-wide WebSocket.
import type { CallbackSummary, MyLive } from '@callboard/api';
import { api } from '$lib/api';

export class MyLivePoll {
  data = $state.raw<MyLive | null>(null);
  /** Callback figures per queue (open, booked, oldest open), same poll. */
  callbacks = $state.raw<CallbackSummary['queues']>([]);
  error = $state<string | null>(null);
  /** Server time − local time, ms, so "in state for" ticks on the server's clock. */
  offset = $state(0);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly everyMs = 3000) {}

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
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

  private async tick(): Promise<void> {
    await this.refresh();
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.everyMs);
  }
}
