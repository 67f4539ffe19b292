/** Missed calls and callbacks, the pure part: caller keys, the request record, its reducer, history rows and live metrics. */
export * from './types.ts';
export * from './settings.ts';
export * from './caller.ts';
export * from './reducer.ts';
export * from './history.ts';
export * from './metrics.ts';
export * from './clock.ts';
export * from './campaigns.ts';
