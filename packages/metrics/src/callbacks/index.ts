/** Missed calls and callbacks, the pure part: caller keys, the request record, its reducer, history rows and live metrics. */
export * from './types.ts';
export * from './settings.ts';
