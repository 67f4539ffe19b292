/** Builds apps/web before browser tests when its build is missing or older than its sources (one build at a time). */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { webBuildIsStale } from '../../apps/ingest/src/web/build.ts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Build if stale, then pin a private copy of the build for this test process (returned path): someone rebuilding
 * apps/web meanwhile would otherwise replace hashed assets under a running page. The copy sits in apps/web so the
 * handler resolves apps/web's own dependencies.
 */
export async function ensureWebBuild(): Promise<string> {
  const lock = join(ROOT, 'apps/web/.build-lock');
  for (let i = 0; ; i++) {
    try { mkdirSync(lock); break; } catch {
      // Another test file is building: wait for it, then re-check.
      if (i > 600) throw new Error(`stale lock ${lock}`);
      await new Promise((r) => setTimeout(r, 500));
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

/** Removes pinned copies whose test process is gone (a worker killed before its 'exit' handler ran). */
function sweepOrphanCopies(): void {
  for (const name of readdirSync(join(ROOT, 'apps/web'))) {
    const pid = Number(/^\.test-build-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(ROOT, 'apps/web', name), { recursive: true, force: true });
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
