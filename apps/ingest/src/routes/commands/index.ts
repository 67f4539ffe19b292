/**
 * PBX commands: POST /api/v1/commands/<name> (seed 004's supervisor actions, an agent's own pause
 * and calls) sends the command to the tenant's adapter and answers with its result; the WebSocket
 * /api/v1/commands/ws is where an adapter without NATS receives the commands and answers them.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AdapterDownMessage, COMMAND_BODIES, COMMAND_NAMES, CommandReply, SELF_COMMANDS, type CommandName } from '@callboard/api';
import { Access } from '../../identity/roles.ts';
import { principal } from '../../plugins/app/auth.ts';
import { replies } from '../../schemas/responses.ts';

const SUMMARIES: Record<CommandName, string> = {
  originate: 'Ring an agent\'s phone (or an extension), then dial a number; an agent: from their own phone only',
  queue_add: 'Log an agent into a queue',
  queue_remove: 'Log an agent out of a queue',
  pause: 'Pause an agent in all queues, with a reason; an agent: only themselves',
  unpause: 'Unpause an agent; an agent: only themselves',
  end_wrap_up: 'End an agent\'s wrap-up (they take calls again)',
  listen: 'Ring the supervisor\'s extension and listen to the agent\'s call',
  whisper: 'Ring the supervisor\'s extension and speak to the agent only',
  barge: 'Ring the supervisor\'s extension and join the agent\'s call',
};

/** How often the adapter socket is pinged and its token checked again (a revoked token is closed within this). */
const HEARTBEAT_MS = 5000;

async function commandRoutes(app: FastifyInstance) {
  const { tokens, commands, adapterLinks: links } = app;
  const r = app.withTypeProvider<ZodTypeProvider>();

  for (const name of COMMAND_NAMES) {
    r.post(`/api/v1/commands/${name}`, {
      config: { access: (SELF_COMMANDS as readonly string[]).includes(name) ? Access.ownActions : Access.agentActions },
      schema: {
        summary: `${SUMMARIES[name]}. 200 with the adapter's answer, 202 when no adapter answered in time`,
        body: COMMAND_BODIES[name], response: replies({ 200: CommandReply, 202: CommandReply }),
      },
    }, async (req, reply) => {
      const answer = await commands.give(principal(req), name, req.body as never, { ip: req.ip });
      return reply.code(answer.status === 'unanswered' ? 202 : 200).send(answer);
    });
  }

  app.get('/api/v1/commands/ws', {
    websocket: true,
    config: { access: Access.pbx },
    schema: { summary: 'WebSocket for a PBX adapter (integration token): {type:"hello"}, then {type:"command"}; send back {type:"result",result}' },
  }, (socket, req) => {
    const p = principal(req);
    const detach = links.attach(p.tenant, { send: (m) => socket.send(JSON.stringify(m)) });
    const heartbeat = setInterval(() => {
      tokens.list(p.tenant).then((list) => {
        const token = list.find((t) => t.id === p.subject);
        if (!token || token.revokedAt !== null) socket.close(4401, 'token revoked');
        else socket.ping();
      }, (err: unknown) => req.log.warn({ err }, 'commands ws: token check failed; checked again at the next heartbeat'));
    }, HEARTBEAT_MS);
    socket.on('message', (data) => {
      const error = links.receive(p.tenant, data.toString());
      if (error) socket.send(JSON.stringify({ type: 'error', message: error } satisfies AdapterDownMessage));
    });
    socket.on('close', () => { clearInterval(heartbeat); detach(); });
  });
}

export default fp(commandRoutes, { name: 'routes/commands', dependencies: ['identity', 'commands'], encapsulate: true });
