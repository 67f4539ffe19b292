/** Where CLI adapters (simulator, Asterisk) send events: the engine's HTTP API, NATS JetStream or stdout. */
import type { CallEventInput } from '@callboard/metrics';

export interface EventSink {
  /** Resolves once the whole batch is accepted by the destination (in order). */
  publish(events: CallEventInput[]): Promise<void>;
  close(): Promise<void>;
}

/** The destination refused a batch (HTTP status, closed output, …). `retryable` is false when resending cannot help. */
export class SinkError extends Error {
  readonly code = 'SINK_FAILED';
  constructor(message: string, readonly retryable: boolean, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.name = 'SinkError';
    this.status = options?.status;
  }

  readonly status: number | undefined;
}
