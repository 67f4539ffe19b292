/** Prometheus metrics of the engine (served at GET /metrics). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createStats() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'callboard_' });
  return {
    registry,
    events: new Counter({ name: 'callboard_events_ingested_total', help: 'Events applied to live state', labelNames: ['type'], registers: [registry] }),
    duplicates: new Counter({ name: 'callboard_events_duplicate_total', help: 'Events dropped as duplicates (same id)', registers: [registry] }),
    deadLetters: new Counter({ name: 'callboard_dead_letters_total', help: 'Events rejected to the dead letters', registers: [registry] }),
    batchSize: new Histogram({ name: 'callboard_batch_size', help: 'Events per ClickHouse commit', buckets: [1, 10, 100, 1000, 5000, 10000, 20000], registers: [registry] }),
    batchSeconds: new Histogram({ name: 'callboard_batch_seconds', help: 'ClickHouse commit latency', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5], registers: [registry] }),
    consumerLag: new Gauge({ name: 'callboard_consumer_lag', help: 'Messages in the stream not yet delivered to the engine', registers: [registry] }),
    wsClients: new Gauge({ name: 'callboard_websocket_clients', help: 'Open live WebSocket connections', registers: [registry] }),
    storageFailing: new Gauge({ name: 'callboard_storage_failing', help: '1 while writes to ClickHouse fail (retried), else 0', registers: [registry] }),
    storageFailures: new Gauge({ name: 'callboard_storage_consecutive_failures', help: 'Consecutive failed attempts to write to ClickHouse', registers: [registry] }),
    storageRejected: new Counter({ name: 'callboard_storage_rows_rejected_total', help: 'Rows ClickHouse refused (isolated by bisecting the batch), now dead letters', registers: [registry] }),
    storedAgain: new Counter({ name: 'callboard_backfill_rows_already_stored_total', help: 'Call facts and agent intervals a backfill re-derived that were stored already (a re-import with other event ids): not written again', registers: [registry] }),
    httpRejected: new Counter({ name: 'callboard_http_events_rejected_total', help: 'Events rejected by POST /api/v1/events', registers: [registry] }),
  };
}
export type EngineStats = ReturnType<typeof createStats>;
