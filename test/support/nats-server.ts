/** Starts a real nats-server with JetStream on a free local port and a temporary store, for tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

export interface NatsServer {
  url: string;
  port: number;
  storeDir: string;
  /** SIGTERM, wait for exit; removes the store unless it was passed in. */
  stop(): Promise<void>;
  /** SIGKILL, no cleanup: restart with the same storeDir (and port) to test recovery. */
  kill9(): void;
  /** SIGSTOP: the server stays connected but answers nothing (a stalled server), until resume(). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
}

export interface NatsServerOptions {
  /** Reuse a JetStream store (e.g. after kill9); the caller owns and removes it. */
  storeDir?: string;
  port?: number;
}

/** Debian installs the binary in /usr/sbin; NATS_SERVER overrides. */
function binary(): string {
  const candidates = [process.env.NATS_SERVER, '/usr/bin/nats-server', '/usr/sbin/nats-server'].filter(Boolean) as string[];
  return candidates.find((c) => fs.existsSync(c)) ?? 'nats-server';
}

export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServer> {
  const ownStore = !opts.storeDir;
  const storeDir = opts.storeDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-nats-'));
  const port = opts.port ?? (await freePort());
  const proc = spawn(binary(), ['-js', '-sd', storeDir, '-p', String(port), '-a', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (b: Buffer) => {
    log = (log + b.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  try {
    await waitReady(port, proc, exited, () => log);
  } catch (err) {
    proc.kill('SIGKILL');
    if (ownStore) fs.rmSync(storeDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      if (ownStore) fs.rmSync(storeDir, { recursive: true, force: true });
    },
    kill9() {
      proc.kill('SIGKILL');
    },
    pause() {
      proc.kill('SIGSTOP');
    },
    resume() {
      proc.kill('SIGCONT');
    },
  };
}

/** Ready when the port answers with the NATS INFO line (JetStream is enabled before the listener opens). */
async function waitReady(port: number, proc: ChildProcess, exited: Promise<number | null>, log: () => string): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`nats-server exited with ${proc.exitCode}: ${log()}`);
    if (await answersInfo(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server did not start on port ${port} within 10 s: ${log()}`);
}

function answersInfo(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('error', () => done(false));
    sock.once('data', (b) => done(b.toString().startsWith('INFO')));
  });
}
