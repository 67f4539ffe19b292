/** Tickets (seed 003), the pure part: the record, the status flow, field rules, numbering rules, steps with their log lines, metrics. */
export * from './types.ts';
export * from './settings.ts';
export * from './flow.ts';
export * from './validation.ts';
export * from './numbering.ts';
export * from './steps.ts';
export * from './metrics.ts';
