/** Public surface of the event sinks used by the adapter CLIs. */
export { createHttpSink } from './http-sink.ts';
export { createBusSink, createNatsSink } from './nats-sink.ts';
export { createNdjsonSink } from './stdout-sink.ts';
export { SINK_OPTIONS, SINK_USAGE, UsageError, exitOnError, isClosedOutput, openSink, withRetry } from './cli-options.ts';
export { SinkError } from './types.ts';
export type { EventSink } from './types.ts';
export type { HttpSinkOptions } from './http-sink.ts';
export type { SinkFlags } from './cli-options.ts';
