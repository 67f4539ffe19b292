/**
 * A small AMI protocol server for tests (there is no Asterisk here): the banner, Login, and
 * Originate / QueueAdd / QueueRemove / QueuePause answered Success or Error with Asterisk's own
 * messages, keeping queue membership so "Already there" and "Interface not found" come out as a
 * PBX would say them. Every action received is recorded, fields in wire order.
 */
import net from 'node:net';
import { AmiMessage, AmiParser, formatMessage, type AmiFields } from '../../apps/ingest/src/adapters/asterisk/ami/protocol.ts';

export interface FakeAmi {
  port: number;
  /** Every action after login, in arrival order. */
  actions: AmiMessage[];
  /** Members by queue (`Interface`s). */
  queues: Map<string, Set<string>>;
  /** Logins tried (username, secret, accepted). */
  logins: { username: string; secret: string; ok: boolean }[];
  /** Answer the next action named `action` with Error and this message. */
  failNext(action: string, message: string): void;
  /** Drop every connection (the client should reconnect). */
  dropConnections(): void;
  /** Resolves with the next action received. */
  nextAction(): Promise<AmiMessage>;
  close(): Promise<void>;
}

export async function startFakeAmi(opts: { username?: string; secret?: string; queues?: string[] } = {}): Promise<FakeAmi> {
  const username = opts.username ?? 'callboard';
  const secret = opts.secret ?? 'ami-secret';
  const queues = new Map((opts.queues ?? ['sales', 'support']).map((q) => [q, new Set<string>()]));
  const actions: AmiMessage[] = [];
  const logins: FakeAmi['logins'] = [];
  const failures = new Map<string, string>();
  const sockets = new Set<net.Socket>();
  let waiters: ((m: AmiMessage) => void)[] = [];

  const answer = (m: AmiMessage): AmiFields => {
    const action = (m.get('Action') ?? '').toLowerCase();
    const fail = failures.get(action);
    if (fail !== undefined) {
      failures.delete(action);
      return [['Response', 'Error'], ['Message', fail]];
    }
    const iface = m.get('Interface') ?? '';
    const queue = m.get('Queue') ?? '';
    const ok = (message: string): AmiFields => [['Response', 'Success'], ['Message', message]];
    const error = (message: string): AmiFields => [['Response', 'Error'], ['Message', message]];
    switch (action) {
      case 'originate':
        return m.get('Channel') ? ok('Originate successfully queued') : error('Channel not specified');
      case 'queueadd': {
        const members = queues.get(queue);
        if (!members) return error('Unable to add interface to queue: No such queue');
        if (members.has(iface)) return error('Unable to add interface: Already there');
        members.add(iface);
        return ok('Added interface to queue');
      }
      case 'queueremove': {
        const members = queues.get(queue);
        if (!members) return error('Unable to remove interface from queue: No such queue');
        if (!members.delete(iface)) return error('Unable to remove interface: Not there');
        return ok('Removed interface from queue');
      }
      case 'queuepause': {
        const member = [...queues.values()].some((s) => s.has(iface));
        if (!member) return error('Interface not found');
        return ok(m.get('Paused') === 'true' ? 'Interface paused successfully' : 'Interface unpaused successfully');
      }
      case 'logoff':
        return [['Response', 'Goodbye'], ['Message', 'Thanks for all the fish.']];
      default:
        return error('Invalid/unknown command');
    }
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.write('Asterisk Call Manager/5.0.2\r\n');
    const parser = new AmiParser();
    parser.banner = '';
    let loggedIn = false;
    socket.on('data', (chunk: string) => {
      for (const m of parser.feed(chunk)) {
        const id: AmiFields = m.get('ActionID') ? [['ActionID', m.get('ActionID') as string]] : [];
        if ((m.get('Action') ?? '').toLowerCase() === 'login') {
          const ok = m.get('Username') === username && m.get('Secret') === secret;
          logins.push({ username: m.get('Username') ?? '', secret: m.get('Secret') ?? '', ok });
          socket.write(formatMessage([['Response', ok ? 'Success' : 'Error'], ...id, ['Message', ok ? 'Authentication accepted' : 'Authentication failed']]));
          // An event the client must ignore, as Asterisk sends after a login.
          if (ok) socket.write(formatMessage([['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Status', 'Fully Booted']]));
          loggedIn = ok;
          continue;
        }
        if (!loggedIn) {
          socket.write(formatMessage([['Response', 'Error'], ...id, ['Message', 'Permission denied']]));
          continue;
        }
        actions.push(m);
        for (const w of waiters.splice(0)) w(m);
        const [response, ...rest] = answer(m);
        socket.write(formatMessage([response, ...id, ...rest]));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    actions, queues, logins,
    failNext: (action, message) => void failures.set(action.toLowerCase(), message),
    dropConnections: () => { for (const s of sockets) s.destroy(); },
    nextAction: () => new Promise((resolve) => { waiters.push(resolve); }),
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      waiters = [];
      server.close(() => resolve());
    }),
  };
}
