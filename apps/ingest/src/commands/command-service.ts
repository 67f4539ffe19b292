/**
 * PBX commands from the engine's side: check who may give it, send it to the tenant's adapter,
 * wait for the answer (bounded), record it in the audit log and say what happened in a sentence.
 * Used by POST /commands/<name> and by callbacks' "Call" (`originate`).
 */
import { randomUUID } from 'node:crypto';
import type { Command, CommandBody, CommandName, CommandReply } from '@callboard/api';
import type { EventBus } from '@callboard/bus';
import { HttpError } from '../errors/http-errors.ts';
import type { AuditLog } from '../identity/audit.ts';
import type { Principal } from '../identity/roles.ts';
import { authoriseCommand } from './authorise.ts';
import { sendCommand } from './command-sender.ts';

export interface CommandService {
  /** Checks, sends, waits and audits. Throws ForbiddenError / InvalidRequestError before sending anything. */
  give<N extends CommandName>(who: Principal, name: N, body: CommandBody<N>, meta: { ip: string }): Promise<CommandReply>;
  /** Callbacks' "Call": rings the agent's phone (or extension), then dials `number`; the call carries `callbackId`. */
  originate(who: Principal, body: CommandBody<'originate'>, meta: { ip: string }): Promise<CommandReply>;
}

export interface CommandServiceDeps {
  bus: Pick<EventBus, 'publishCore' | 'subscribe'>;
  audit: Pick<AuditLog, 'record'>;
  /** How long to wait for the adapter's answer, ms (CALLBOARD_COMMAND_TIMEOUT_MS). */
  timeoutMs: number;
  /**
   * With the embedded bus no adapter can listen but through this engine's WebSocket: how many are
   * connected for a tenant. With none, the answer comes at once instead of after `timeoutMs`.
   * Undefined on NATS, where adapters may subscribe directly.
   */
  localAdapters?: (tenant: string) => number;
}

export function createCommandService({ bus, audit, timeoutMs, localAdapters }: CommandServiceDeps): CommandService {
  const service: CommandService = {
    async give(who, name, body, meta) {
      const actor = { ip: meta.ip, actorName: who.user?.login ?? who.name };
      let args;
      try {
        args = authoriseCommand(who, name, body);
      } catch (err) {
        if (err instanceof HttpError && err.statusCode === 403) {
          await audit.record(who.tenant, who, actor, { action: `command.${name}`, target: body.agent ?? '', detail: { ...body, message: err.message }, outcome: 'denied' });
        }
        throw err;
      }
      const command = { ...args, id: randomUUID(), tenant: who.tenant, name, at: new Date().toISOString(), by: actor.actorName ?? who.subject } as Command;
      const nobody = localAdapters?.(who.tenant) === 0;
      const result = nobody ? null : await sendCommand(bus, command, timeoutMs);
      const reply: CommandReply = result
        ? { id: command.id, name, status: result.ok ? 'ok' : 'failed', message: result.message || (result.ok ? 'done' : 'the PBX refused the command'), at: result.at }
        : { id: command.id, name, status: 'unanswered', at: new Date().toISOString(),
            message: nobody
              ? 'not sent: no PBX adapter is connected (start the Asterisk adapter with --ami-host and an integration token)'
              : `sent, but no PBX adapter answered within ${Math.round(timeoutMs / 100) / 10} s: check that the adapter is running and connected (the command may still run)` };
      await audit.record(who.tenant, who, actor, {
        action: `command.${name}`, target: args.agent ?? args.extension ?? '', detail: { ...args, id: command.id, status: reply.status, message: reply.message },
      });
      return reply;
    },
    originate: (who, body, meta) => service.give(who, 'originate', body, meta),
  };
  return service;
}
