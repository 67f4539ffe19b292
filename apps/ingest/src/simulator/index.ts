/** Public surface of the traffic simulator: real-time runs, deterministic days and benchmark streams. */
export { createSimulator, SimulatorBacklogError } from './simulator.ts';
export { generateDay, generateEvents } from './generate.ts';
export { DEFAULT_AGENTS, DEFAULT_QUEUES, DEFAULT_TIMEZONE } from './defaults.ts';
export { SimulatorConfigError } from './engine-model.ts';
export { InvalidTimezoneError } from './local-clock.ts';
export type { Simulator, SimulatorOptions } from './simulator.ts';
export type { GenerateDayOptions, GenerateEventsOptions } from './generate.ts';
export type { AgentSpec, Publish, QueueSpec, SimulationOptions } from './types.ts';
