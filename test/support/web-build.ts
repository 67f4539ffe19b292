/** Builds apps/web before browser tests when its build is missing or older than its sources (one build at a time). */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Fastify from 'fastify';
import { webBuildIsStale } from '../../apps/ingest/src/web/build.ts';
import { sveltekitPluginFrom } from '../../apps/ingest/src/web/sveltekit.ts';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Build if stale, then pin a private copy of the build for this test process (returned path): someone rebuilding
 * apps/web meanwhile would otherwise replace hashed assets under a running page. The copy sits in apps/web so the
 * handler resolves apps/web's own dependencies.
 */
export async function ensureWebBuild(): Promise<string> {
  const pinned = await pinWebBuild();
  // :NOTE: the engine loads the build's handler.js inside a Fastify plugin, which must start within Fastify's 10 s
  // plugin timeout; on a loaded machine (parallel test forks) a cold load of a fresh copy can take longer. Load it
  // here first, without a timeout: the engine's plugin then finds the module cached.
  const warm = Fastify({ pluginTimeout: 0 });
  await warm.register(sveltekitPluginFrom(pinned)).ready();
  await warm.close();
  return pinned;
}

async function pinWebBuild(): Promise<string> {
  const lock = join(ROOT, 'apps/web/.build-lock');
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      // Another test file (a parallel fork) is building: wait for it, then re-check. A lock whose holder died (a fork
      // killed mid-build) is taken over rather than waited out.
      if (i > 600) throw new Error(`stale lock ${lock}`);
      if (holderIsGone(lock)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    // :NOTE: others may build apps/web in this tree at the same moment (the two builds then trip over
    // .svelte-kit/output): retry a few times before failing.
    for (let attempt = 1; webBuildIsStale(); attempt++) {
      try {
        execFileSync('npm', ['run', 'build', '--workspace', 'apps/web'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
      } catch (err) {
        if (attempt >= 4) throw err;
        await new Promise((r) => setTimeout(r, 3_000 * attempt));
      }
    }
    sweepOrphanCopies();
    const pinned = join(ROOT, `apps/web/.test-build-${process.pid}`);
    rmSync(pinned, { recursive: true, force: true });
    cpSync(join(ROOT, 'apps/web/build'), pinned, { recursive: true });
    process.once('exit', () => rmSync(pinned, { recursive: true, force: true }));
    return pinned;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Imports the build's handler once, before an engine registers it: on a loaded machine (load 30+) its first import
 * can outlast Fastify's plugin timeout ("Plugin did not start in time"); the engine's own import is then instant.
 * :TRICKY: adapter-node reads its environment when handler.js is imported: set as the engine's plugin sets it.
 */
export async function preloadWebHandler(build: string): Promise<void> {
  if (!process.env.ORIGIN) process.env.PROTOCOL_HEADER = 'x-callboard-proto';
  await import(pathToFileURL(join(build, 'handler.js')).href);
}

/** Removes pinned copies whose test process is gone (a worker killed before its 'exit' handler ran). */
function sweepOrphanCopies(): void {
  for (const name of readdirSync(join(ROOT, 'apps/web'))) {
    const pid = Number(/^\.test-build-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(ROOT, 'apps/web', name), { recursive: true, force: true });
  }
}

/** True when the lock's holder has exited (its pid file names a dead process, or was never written within 10 s). */
function holderIsGone(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    return pid > 0 && !isAlive(pid);
  } catch {
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000;
    } catch {
      return false; // released meanwhile
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
