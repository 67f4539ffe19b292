// The agent home's live slice (GET /live/mine): polled every few seconds, since agents do not read the tenant-wide WebSocket.
import type { MyLive } from '@callboard/api';
import { api } from '$lib/api';

export class MyLivePoll {
  data = $state.raw<MyLive | null>(null);
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

  private async tick(): Promise<void> {
    try {
      const d = await api<MyLive>('live/mine');
      this.offset = d.at - Date.now();
      this.data = d;
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.everyMs);
  }
}
