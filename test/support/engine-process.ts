/** Runs the engine (apps/ingest/src/main.ts) as a child process, to kill it -9 and restart it in tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Engines still running: a test that fails midway leaves no orphan behind (killed after the file's tests). */
const running = new Set<ChildProcess>();
afterAll(() => { for (const child of running) child.kill('SIGKILL'); });

export interface EngineProcess {
  url: string;
  pid: number;
  kill9(): Promise<void>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Any signal (SIGSTOP / SIGCONT to pause it); see exited for what follows. */
  signal(sig: NodeJS.Signals): void;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  output(): string;
}

/** An engine that ended during start-up (e.g. refused to start): its exit code and output. */
export interface ExitedEngine {
  code: number | null;
  output: string;
}

export async function startEngineProcess(env: Record<string, string>, port: number): Promise<EngineProcess> {
  const started = await launchEngineProcess(env, port);
  if ('code' in started) throw new Error(`engine exited during start-up:\n${started.output}`);
  return started;
}

/** Like startEngineProcess, but an engine that exits during start-up is an answer, not a failure. */
export async function launchEngineProcess(env: Record<string, string>, port: number): Promise<EngineProcess | ExitedEngine> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/ingest/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out = (out + b.toString()).slice(-20_000); });
  child.stderr!.on('data', (b: Buffer) => { out = (out + b.toString()).slice(-20_000); });
  running.add(child);
  // 'close', not 'exit': by then all of its output has been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => { running.delete(child); resolve(code); }));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) return { code: await exited, output: out };
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`engine not ready after 60 s:\n${out}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    exited,
    signal(sig) { child.kill(sig); },
    async kill9() { child.kill('SIGKILL'); await exited; },
    async stop() { child.kill('SIGTERM'); return exited; },
    output: () => out,
  };
}
