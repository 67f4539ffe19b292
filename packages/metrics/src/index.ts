/** Public surface of @callboard/metrics: event contract, reducers, metric catalogue. Pure: no I/O. */
export * from './events/schema.ts';
export * from './events/validate.ts';
