/**
 * PBX adapters connected to this engine over the WebSocket /commands/ws: one bus subscription per
 * tenant with an adapter here, forwarding each command to the tenant's newest connection (a
 * reconnecting adapter replaces its old socket, and one command never runs twice through one
 * engine); results go back on the bus, where the engine that sent the command waits for them.
 */
import { AdapterUpMessage, Command, type AdapterDownMessage } from '@callboard/api';
import { Subjects } from '@callboard/nats';
import type { EventBus } from '@callboard/bus';

export interface AdapterLink {
  send(message: AdapterDownMessage): void;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export class AdapterLinks {
  private readonly tenants = new Map<string, { links: AdapterLink[]; unsubscribe: () => void }>();

  constructor(private readonly bus: Pick<EventBus, 'publishCore' | 'subscribe'>) {}

  /** Start forwarding the tenant's commands to `link`; returns the detach function. */
  attach(tenant: string, link: AdapterLink): () => void {
    let entry = this.tenants.get(tenant);
    if (!entry) {
      const links: AdapterLink[] = [];
      const unsubscribe = this.bus.subscribe(Subjects.commands(tenant), (_subject, data) => {
        const command = Command.safeParse(parse(dec.decode(data)));
        // :NOTE: a command of another tenant cannot match this subject; the check costs nothing and states the rule.
        if (command.success && command.data.tenant === tenant) links.at(-1)?.send({ type: 'command', command: command.data });
      });
      entry = { links, unsubscribe };
      this.tenants.set(tenant, entry);
    }
    entry.links.push(link);
    link.send({ type: 'hello', tenant });
    return () => {
      const e = this.tenants.get(tenant);
      if (!e) return;
      const i = e.links.indexOf(link);
      if (i >= 0) e.links.splice(i, 1);
      if (e.links.length === 0) {
        e.unsubscribe();
        this.tenants.delete(tenant);
      }
    };
  }

  /**
   * A message from a tenant's adapter: a result is published for the engine waiting on it. Returns
   * an error sentence for a message that is not a result (the socket tells the adapter).
   */
  receive(tenant: string, raw: string): string | null {
    const message = AdapterUpMessage.safeParse(parse(raw));
    if (!message.success) return 'expected {"type":"result","result":{"id","ok","message","at"}}';
    const { result } = message.data;
    this.bus.publishCore(Subjects.commandResult(tenant, result.id), enc.encode(JSON.stringify(result)));
    return null;
  }

  /** Tenants with an adapter connected to this engine (health, tests). */
  connected(tenant: string): number {
    return this.tenants.get(tenant)?.links.length ?? 0;
  }

  close(): void {
    for (const e of this.tenants.values()) e.unsubscribe();
    this.tenants.clear();
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
