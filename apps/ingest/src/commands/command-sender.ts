/** Sends one command to the tenant's PBX adapter over the bus and waits, bounded, for the adapter's result. */
import { Command, CommandResult } from '@callboard/api';
import { Subjects } from '@callboard/nats';
import type { EventBus } from '@callboard/bus';

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * Publishes `command` on cc.<tenant>.cmd.<name> and resolves with the first valid result on
 * cc.<tenant>.cmd_result.<id>, or null after `timeoutMs`. Subscribes before publishing, so an
 * adapter that answers at once is never missed.
 */
export function sendCommand(bus: Pick<EventBus, 'publishCore' | 'subscribe'>, command: Command, timeoutMs: number): Promise<CommandResult | null> {
  const wire = enc.encode(JSON.stringify(Command.parse(command)));
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = bus.subscribe(Subjects.commandResult(command.tenant, command.id), (_subject, data) => {
      const parsed = safeJson(data);
      const result = CommandResult.safeParse(parsed);
      // :NOTE: a malformed answer is not the adapter's verdict; keep waiting for a good one (or time out).
      if (!result.success || result.data.id !== command.id) return;
      finish(result.data);
    });
    const finish = (result: CommandResult | null) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(result);
    };
    timer = setTimeout(() => finish(null), timeoutMs);
    bus.publishCore(Subjects.command(command.tenant, command.name), wire);
  });
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(dec.decode(data));
  } catch {
    return null;
  }
}
