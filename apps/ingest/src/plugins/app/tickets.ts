/** Tickets (`app.tickets`: KV cb_tickets by compare-and-set, operation log and snapshots in ClickHouse, attachments on disk). */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { TicketService } from '../../tickets/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    tickets: TicketService;
  }
}

export default fp(async function tickets(app: FastifyInstance, opts: { tickets: TicketService }) {
  app.decorate('tickets', opts.tickets);
}, { name: 'tickets', dependencies: ['bus', 'clickhouse', 'tenants'] });
