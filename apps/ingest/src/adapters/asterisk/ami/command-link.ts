/**
 * Where an adapter receives its tenant's commands and sends each result back: the engine's
 * WebSocket /api/v1/commands/ws (an integration token; the default deployment has no NATS), or
 * NATS directly (cc.<tenant>.cmd.* in, cc.<tenant>.cmd_result.<id> out).
 */
import { createRequire } from 'node:module';
import { AdapterDownMessage, Command, type AdapterUpMessage } from '@callboard/api';
import { Subjects } from '@callboard/nats';
import type WebSocket from 'ws';
import type { EventBus } from '@callboard/bus';
import type { CommandExecutor } from './executor.ts';

export interface CommandLink {
  /** True while commands can arrive (WebSocket open and greeted, or NATS subscribed). */
  readonly connected: boolean;
  close(): Promise<void>;
}

// :NOTE: `ws` (the engine's WebSocket library, through @fastify/websocket): Node 20 has no WebSocket client, and a token belongs in a header, not the URL.
const WebSocketCtor = createRequire(import.meta.url)('ws') as typeof WebSocket;

export interface EngineLinkOptions {
  /** Engine base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  /** An integration token of the tenant. */
  token: string;
  execute: CommandExecutor;
  log: (line: string) => void;
  /** Called with the tenant the engine greets with (the token's). */
  onHello?: (tenant: string) => void;
  /** First reconnect delay, ms (doubles up to 30 s). Default 500. */
  minBackoffMs?: number;
}

export function linkToEngine(opts: EngineLinkOptions): CommandLink {
  const endpoint = new URL('/api/v1/commands/ws', opts.url);
  endpoint.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
  let ws: WebSocket | null = null;
  let greeted = false;
  let stopped = false;
  let backoff = opts.minBackoffMs ?? 500;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const connect = () => {
    const socket = new WebSocketCtor(endpoint, { headers: { authorization: `Bearer ${opts.token}` } });
    ws = socket;
    let refused = false;
    socket.on('unexpected-response', (_req, res) => {
      refused = true;
      opts.log(`commands: ${endpoint} refused the adapter (HTTP ${res.statusCode}${res.statusCode === 401 ? ': token invalid or revoked' : res.statusCode === 403 ? ': not an integration token' : ''})`);
      socket.terminate();
    });
    // After a refusal, ws reports the aborted handshake as an error too: said once is enough.
    socket.on('error', (err) => { if (!refused) opts.log(`commands: ${err.message}`); });
    socket.on('message', (data) => {
      const parsed = AdapterDownMessage.safeParse(json(data.toString()));
      if (!parsed.success) return opts.log('commands: ignored a message that is not a command');
      const m = parsed.data;
      if (m.type === 'hello') {
        greeted = true;
        backoff = opts.minBackoffMs ?? 500;
        opts.log(`commands: receiving tenant ${m.tenant}'s commands from ${opts.url}`);
        opts.onHello?.(m.tenant);
      } else if (m.type === 'error') opts.log(`commands: the engine says ${m.message}`);
      else {
        void opts.execute(m.command).then((result) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'result', result } satisfies AdapterUpMessage));
          else opts.log(`commands: result of ${m.command.name} ${m.command.id} lost, the connection closed (${result.message})`);
        });
      }
    });
    socket.on('close', (code, reason) => {
      if (greeted) opts.log(`commands: connection to the engine closed (${code}${reason.length ? ` ${reason.toString()}` : ''}); reconnecting`);
      greeted = false;
      if (ws === socket) ws = null;
      if (stopped) return;
      retry = setTimeout(connect, backoff);
      backoff = Math.min(30_000, backoff * 2);
    });
  };
  connect();
  return {
    get connected() { return greeted; },
    async close() {
      stopped = true;
      if (retry) clearTimeout(retry);
      ws?.close();
    },
  };
}

/** Commands straight from NATS (the adapter shares the engine's NATS). */
export function linkToBus(bus: Pick<EventBus, 'subscribe' | 'publishCore'>, tenant: string, execute: CommandExecutor, log: (line: string) => void): CommandLink {
  const enc = new TextEncoder();
  const unsubscribe = bus.subscribe(Subjects.commands(tenant), (_subject, data) => {
    const command = Command.safeParse(json(new TextDecoder().decode(data)));
    if (!command.success || command.data.tenant !== tenant) return log('commands: ignored a message that is not a command of this tenant');
    void execute(command.data).then((result) => bus.publishCore(Subjects.commandResult(tenant, result.id), enc.encode(JSON.stringify(result))));
  });
  return {
    connected: true,
    async close() { unsubscribe(); },
  };
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
