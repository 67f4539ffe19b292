/** Live state: GET /api/v1/live (snapshot), GET /api/v1/live/mine (an agent's own queues and state) and the WebSocket /api/v1/live/ws (snapshot, then deltas). */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LiveQuery, LiveSnapshot, MyLive } from '@callboard/api';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';
import { mine } from './mine.ts';

async function liveRoutes(app: FastifyInstance) {
  const { hub, stats } = app;
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/live', {
    config: { access: Access.live },
    schema: { summary: 'Live snapshot of the caller\'s tenant: queues, callers waiting, agents, today\'s metrics', querystring: LiveQuery, response: replies({ 200: LiveSnapshot }) },
  }, async (req) => {
    const snapshot = hub.snapshot(principal(req).tenant);
    const wanted = req.query.agentMetrics;
    if (wanted === undefined) return snapshot;
    const keep = new Set(wanted.split(',').map((x) => x.trim()).filter(Boolean));
    return { ...snapshot, agents: snapshot.agents.map((a) => ({ ...a, metrics: Object.fromEntries(Object.entries(a.metrics).filter(([id]) => keep.has(id))) })) };
  });

  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/live/mine', {
    config: { access: Access.users },
    schema: { summary: 'The signed-in user\'s slice of the live state (agent home): their queues, their own state and numbers today; read-only', response: replies({ 200: MyLive }) },
  }, async (req) => {
    const p = principal(req);
    return mine(hub.snapshot(p.tenant), p.user ?? null);
  });

  app.get('/api/v1/live/ws', {
    websocket: true,
    config: { access: Access.live },
    schema: { summary: 'WebSocket: {type:"snapshot"} on connect, then {type:"delta"} at most 4 per second, {type:"heartbeat"} every 5 s' },
  }, (socket, req) => {
    const p = principal(req);
    const unsubscribe = hub.subscribe({
      tenant: p.tenant,
      subject: p.subject,
      send: (m) => {
        // :NOTE: a client that cannot keep up is dropped rather than buffered without bound.
        if (socket.bufferedAmount > 8 * 1024 * 1024) socket.close(1013, 'too slow');
        else socket.send(JSON.stringify(m));
      },
      close: (code, reason) => socket.close(code, reason),
    });
    stats.wsClients.inc();
    socket.on('close', () => { unsubscribe(); stats.wsClients.dec(); });
    socket.on('message', () => { /* clients only listen; pings are handled by the protocol */ });
  });
}

export default fp(liveRoutes, { name: 'routes/live', dependencies: ['engine'], encapsulate: true });
