/** Posts batches to the engine's POST /api/v1/events (JSON array, bearer token). */
import type { PublishResult } from '@callboard/api';
import type { CallEventInput } from '@callboard/metrics';
import { SinkError, type EventSink } from './types.ts';

export interface HttpSinkOptions {
  /** Engine base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  /** API token with the ingest permission. */
  token: string;
  /** Events per request; the endpoint takes at most 50000. Default 5000. */
  batchSize?: number;
  /** Told about events the engine rejected (it still accepts the rest of the batch). */
  onRejected?: (rejected: { index: number; reason: string; event: CallEventInput }[]) => void;
}

export function createHttpSink(opts: HttpSinkOptions): EventSink {
  const endpoint = new URL('/api/v1/events', opts.url).toString();
  const size = opts.batchSize ?? 5000;
  return {
    async publish(events) {
      for (let i = 0; i < events.length; i += size) {
        const chunk = events.slice(i, i + size);
        let res: Response;
        try {
          res = await fetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
            body: JSON.stringify(chunk),
          });
        } catch (err) {
          throw new SinkError(`POST ${endpoint} failed: ${(err as Error).message}`, true, { cause: err });
        }
        if (!res.ok) {
          const body = (await res.text()).slice(0, 500);
          // 4xx (bad token, bad body) will fail again; 408, 429 and 5xx may not.
          const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
          throw new SinkError(`POST ${endpoint}: HTTP ${res.status} ${body}`, retryable, { status: res.status });
        }
        const result = (await res.json()) as PublishResult;
        if (result.rejected?.length && opts.onRejected) {
          opts.onRejected(result.rejected.map((r) => ({ ...r, event: chunk[r.index] })));
        }
      }
    },
    async close() {},
  };
}
