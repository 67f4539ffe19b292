// The agent home's two callback lists — mine (booked or assigned), then the open pool of my queues — refreshed every few seconds.
import type { CallbackItem } from '@callboard/api';
import { callbacks } from './client';
import { Poller } from '$lib/live/poller';

export class AgentLists extends Poller {
  mine = $state.raw<CallbackItem[]>([]);
  pool = $state.raw<CallbackItem[]>([]);
  poolTotal = $state(0);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Server time − local time, ms: booking countdowns run on the server's clock. */
  offset = $state(0);
  /** How many of the pool to show (grows with "Show more"). */
  poolLimit = $state(50);

  constructor(everyMs = 5000) {
    super(everyMs);
  }

  /** Reload now (after a step), keeping the polling rhythm. */
  async refresh(): Promise<void> {
    try {
      const [mine, pool] = await Promise.all([
        callbacks.list({ view: 'open', mine: true, sort: 'lastCall', order: 'desc', limit: 200 }),
        callbacks.list({ view: 'open', sort: 'lastCall', order: 'desc', limit: this.poolLimit }),
      ]);
      const held = new Set(mine.requests.map((r) => r.id));
      this.offset = mine.now - Date.now();
      this.mine = mine.requests;
      this.pool = pool.requests.filter((r) => !held.has(r.id));
      this.poolTotal = pool.total - (pool.requests.length - this.pool.length);
      this.error = null;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.loaded = true;
    }
  }
}
