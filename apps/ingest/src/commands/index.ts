/** PBX commands, engine side: the service routes and callbacks use (opened once by plugins/app/commands.ts), and the adapters' WebSocket links. */
export { createCommandService } from './command-service.ts';
export type { CommandService, CommandServiceDeps } from './command-service.ts';
export { sendCommand } from './command-sender.ts';
export { authoriseCommand } from './authorise.ts';
export { AdapterLinks } from './adapter-links.ts';
export type { AdapterLink } from './adapter-links.ts';
