/** The Asterisk adapter CLI as a child process (tsx), its stderr collected, for tests of the real command line. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { until } from './pbx-adapter.ts';

const CLI = path.resolve(import.meta.dirname, '../../apps/ingest/src/adapters/asterisk/cli.ts');

export interface AdapterProcess {
  proc: ChildProcess;
  /** Everything written to stderr so far. */
  output(): string;
  /** Waits until stderr contains `text`. */
  waitFor(text: string, ms?: number): Promise<void>;
  /** Resolves with the exit code once it exits by itself (or is stopped). */
  exited: Promise<number | null>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function spawnAdapter(args: string[], env: Record<string, string>): AdapterProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  proc.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    exited,
    output: () => out,
    waitFor: (text, ms = 15_000) => until(() => out.includes(text) || proc.exitCode !== null, ms, `"${text}" from the adapter`).then(() => {
      if (!out.includes(text)) throw new Error(`the adapter exited (${proc.exitCode}) without "${text}":\n${out}`);
    }),
    stop: () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}
