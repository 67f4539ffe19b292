/** PBX commands (`app.commands`: check, send, wait, audit) and the adapters connected to this engine over /commands/ws (`app.adapterLinks`); the links close with the app. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { AdapterLinks } from '../../commands/adapter-links.ts';
import { createCommandService, type CommandService } from '../../commands/command-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    commands: CommandService;
    adapterLinks: AdapterLinks;
  }
}

export default fp(async function commands(app: FastifyInstance) {
  const links = new AdapterLinks(app.bus);
  app.decorate('adapterLinks', links);
  app.decorate('commands', createCommandService({
    bus: app.bus, audit: app.identity.audit, timeoutMs: app.config.CALLBOARD_COMMAND_TIMEOUT_MS,
    // With the embedded bus an adapter can only listen through this engine's WebSocket.
    localAdapters: app.bus.kind === 'embedded' ? (tenant) => links.connected(tenant) : undefined,
  }));
  app.addHook('onClose', async () => links.close());
}, { name: 'commands', dependencies: ['bus', 'identity'] });
