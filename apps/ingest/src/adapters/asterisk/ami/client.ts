/**
 * A minimal AMI client over TCP: logs in (events off: the adapter reads queue_log for those),
 * sends actions with an ActionID and resolves each with its Response, and reconnects with
 * exponential back-off for as long as it runs. No npm AMI library is both maintained and typed.
 */
import net from 'node:net';
import { AmiMessage, AmiParser, formatMessage, type AmiFields } from './protocol.ts';

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  /** Never logged. */
  secret: string;
  log?: (line: string) => void;
  /** First reconnect delay, ms; doubles up to maxBackoffMs. Default 500. */
  minBackoffMs?: number;
  /** Default 30 000. */
  maxBackoffMs?: number;
  /**
   * How long an action waits for its response, ms. Default 8000, and at most 3000 (or this, if
   * shorter) for a connection that is down: both under the engine's 10 s wait, so the person
   * learns why ("no AMI connection …") rather than "no adapter answered".
   */
  actionTimeoutMs?: number;
}

/** The AMI connection is down, the login was refused, or a response did not come in time. */
export class AmiUnavailableError extends Error {
  readonly code = 'AMI_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AmiUnavailableError';
  }
}

interface Pending {
  resolve: (m: AmiMessage) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class AmiClient {
  private socket: net.Socket | null = null;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private ready = false;
  private stopped = false;
  private backoffMs: number;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private waiters: (() => void)[] = [];
  /** Why the connection is down (for the failure message of an action that cannot be sent). */
  private lastError = 'not connected yet';
  /** Events received and ignored (the adapter reads queue_log instead). */
  eventsIgnored = 0;

  constructor(private readonly opts: AmiClientOptions) {
    this.backoffMs = opts.minBackoffMs ?? 500;
  }

  get connected(): boolean {
    return this.ready;
  }

  /** Connect, and keep reconnecting until close(). */
  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Send an action (ActionID is added) and resolve with its response, Success or Error alike. */
  async action(fields: AmiFields): Promise<AmiMessage> {
    const timeoutMs = this.opts.actionTimeoutMs ?? 8000;
    if (!this.ready) await this.waitReady(Math.min(timeoutMs, 3000));
    return this.send(fields, timeoutMs);
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const socket = this.socket;
    if (!socket) return;
    if (this.ready) {
      // Polite logoff; the socket is ended either way.
      await this.send([['Action', 'Logoff']], 1000).catch(() => undefined);
    }
    socket.destroy();
  }

  private waitReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new AmiUnavailableError(`no AMI connection to ${this.where()} (${this.lastError})`));
      }, timeoutMs);
      const done = () => { clearTimeout(timer); resolve(); };
      this.waiters.push(done);
    });
  }

  private send(fields: AmiFields, timeoutMs: number): Promise<AmiMessage> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new AmiUnavailableError(`no AMI connection to ${this.where()} (${this.lastError})`));
    const id = `cb-${this.nextId++}`;
    const wire = formatMessage([...fields.filter(([k]) => k.toLowerCase() !== 'actionid'), ['ActionID', id]]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AmiUnavailableError(`Asterisk did not answer ${fields[0]?.[1] ?? 'the action'} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.write(wire);
    });
  }

  private where(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }

  private connect(): void {
    const parser = new AmiParser();
    const socket = net.createConnection({ host: this.opts.host, port: this.opts.port });
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.setKeepAlive(true, 30_000);
    let loggedIn = false;
    socket.on('data', (chunk: string) => {
      const hadBanner = parser.banner !== null;
      const messages = parser.feed(chunk);
      if (!hadBanner && parser.banner !== null) {
        if (!parser.banner.startsWith('Asterisk Call Manager')) {
          this.lastError = `not an AMI server (it said "${parser.banner.slice(0, 60)}")`;
          socket.destroy();
          return;
        }
        this.login(socket).then(() => {
          loggedIn = true;
          this.ready = true;
          this.backoffMs = this.opts.minBackoffMs ?? 500;
          this.opts.log?.(`AMI: logged in to ${this.where()} (${parser.banner})`);
          for (const w of this.waiters.splice(0)) w();
        }, (err: Error) => {
          this.lastError = err.message;
          this.opts.log?.(`AMI: ${err.message}`);
          socket.destroy();
        });
      }
      for (const m of messages) this.dispatch(m);
    });
    socket.on('error', (err) => {
      this.lastError = err.message;
    });
    socket.on('close', () => {
      this.ready = false;
      if (this.socket === socket) this.socket = null;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new AmiUnavailableError(`the AMI connection to ${this.where()} closed before Asterisk answered`));
        this.pending.delete(id);
      }
      if (this.stopped) return;
      if (loggedIn) this.opts.log?.(`AMI: connection to ${this.where()} lost; reconnecting`);
      const delay = this.backoffMs;
      this.backoffMs = Math.min(this.opts.maxBackoffMs ?? 30_000, this.backoffMs * 2);
      this.retry = setTimeout(() => this.connect(), delay);
    });
  }

  private async login(socket: net.Socket): Promise<void> {
    this.socket = socket;
    const res = await this.send([['Action', 'Login'], ['Username', this.opts.username], ['Secret', this.opts.secret], ['Events', 'off']], this.opts.actionTimeoutMs ?? 8000);
    if (res.get('Response') !== 'Success') throw new AmiUnavailableError(`login to ${this.where()} as ${this.opts.username} refused: ${res.get('Message') ?? 'no reason given'}`);
  }

  private dispatch(m: AmiMessage): void {
    const id = m.get('ActionID');
    const p = id ? this.pending.get(id) : undefined;
    if (p && m.get('Response') !== undefined) {
      clearTimeout(p.timer);
      this.pending.delete(id as string);
      p.resolve(m);
      return;
    }
    if (m.get('Event') !== undefined) this.eventsIgnored++;
  }
}
