/**
 * `npm start` as a user, a script or a process manager runs it: the process it started is the engine, so a
 * SIGTERM or SIGINT to that PID stops the engine cleanly (no orphan keeps the port and the data directory), and the
 * first lines printed are the ones that matter.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = new Set<ChildProcess>();
/** Every process seen below an `npm start`: a failing run must not leave an engine behind. */
const spawned = new Set<number>();
const dirs: string[] = [];
afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
  for (const pid of spawned) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Every process below `pid` (children, grandchildren…), from ps. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const out: number[] = [];
  const walk = (p: number) => { for (const [c, pp] of rows) if (pp === p) { out.push(c); walk(c); } };
  walk(pid);
  return out;
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function npmStart(): Promise<{ child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> }> {
  const data = mkdtempSync(join(tmpdir(), 'cb-npm-start-'));
  dirs.push(data);
  const port = await freePort();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), CALLBOARD_DATA: data, CALLBOARD_WEB: 'off', CALLBOARD_SIMULATOR: 'on', CALLBOARD_BACKUP_DIR: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { started.delete(child); resolve(code); }));
  const deadline = Date.now() + 90_000;
  while (!out.includes('callboard →')) {
    if (child.exitCode !== null) throw new Error(`npm start exited:\n${out}`);
    if (Date.now() > deadline) throw new Error(`no URL after 90 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const pid of descendants(child.pid!)) spawned.add(pid);
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s to the PID npm start gave stops the engine: no orphan, port and data directory released', async (signal) => {
    const { child, url, exited } = await npmStart();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const below = descendants(child.pid!);
    expect(below.length).toBeGreaterThan(0);
    child.kill(signal);
    expect(await exited).not.toBeNull();
    const deadline = Date.now() + 25_000;
    while (below.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(below.filter(alive)).toEqual([]);
    await expect(fetch(`${url}/readyz`)).rejects.toThrow();
  });

  it('prints the URL, the admin password and the API token, with the way to recover a lost password', async () => {
    const { child, output, exited } = await npmStart();
    const text = output();
    expect(text).toMatch(/callboard → http:\/\/localhost:\d+/);
    expect(text).toMatch(/password \(shown once\): \S{10,}/);
    expect(text).toMatch(/admin API token .* \(shown once\): \S{16,}/);
    expect(text).toContain('npm run tenant -- admin-password demo');
    child.kill('SIGTERM');
    await exited;
  });
});
