/** The event bus (NATS JetStream or embedded) as `app.bus`; opened once by start.ts before the owner lease is taken, closed by it last. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { EventBus } from '@callboard/bus';

declare module 'fastify' {
  interface FastifyInstance {
    bus: EventBus;
  }
}

export default fp(async function bus(app: FastifyInstance, opts: { bus: EventBus }) {
  app.decorate('bus', opts.bus);
}, { name: 'bus' });
