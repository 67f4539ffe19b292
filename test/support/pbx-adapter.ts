/** The Asterisk adapter's command side, in-process, for tests: an AMI client on a fake AMI server and a link to the engine (WebSocket) or NATS. */
import { AmiClient, createAmiExecutor, linkToBus, linkToEngine, type CommandLink } from '../../apps/ingest/src/adapters/asterisk/ami/index.ts';
import type { EventBus } from '@callboard/bus';
import type { FakeAmi } from './fake-ami.ts';
import { eventually } from './wait.ts';

export interface TestAdapter {
  ami: AmiClient;
  link: CommandLink;
  log: string[];
  stop(): Promise<void>;
}

/** Polls a synchronous condition (the adapter's and the engine's in-memory state). */
export const until = async (check: () => boolean, ms = 5000, what = 'condition'): Promise<void> => { await eventually(what, check, ms); };

/** Starts the adapter against `fake`, linked to the engine at `url` with `token`, or to `bus` for `tenant`. */
export async function startAdapter(fake: FakeAmi, to: { url: string; token: string } | { bus: EventBus; tenant: string }, opts: { actionTimeoutMs?: number } = {}): Promise<TestAdapter> {
  const log: string[] = [];
  const ami = new AmiClient({ host: '127.0.0.1', port: fake.port, username: 'callboard', secret: 'ami-secret', log: (l) => log.push(l), minBackoffMs: 50, actionTimeoutMs: opts.actionTimeoutMs ?? 2000 });
  ami.start();
  const execute = createAmiExecutor(ami);
  const link = 'url' in to
    ? linkToEngine({ url: to.url, token: to.token, execute, log: (l) => log.push(l), minBackoffMs: 50 })
    : linkToBus(to.bus, to.tenant, execute, (l) => log.push(l));
  await until(() => ami.connected && link.connected, 5000, 'the adapter to connect');
  return { ami, link, log, stop: async () => { await link.close(); await ami.close(); } };
}
