/**
 * Builds apps/web (SvelteKit, adapter-node) when its build is missing or older than its sources: `npm start`
 * builds on first run and after an update, quietly, and starts at once otherwise. Tests use the same check.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const HANDLER = join(ROOT, 'apps/web/build/handler.js');
/** What the web build is made from: a change to any of these makes the build stale. */
const SOURCES = ['apps/web/src', 'apps/web/static', 'apps/web/svelte.config.js', 'apps/web/vite.config.ts', 'apps/web/package.json',
  'packages/widgets', 'packages/metrics/src', 'packages/metrics/package.json'];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const f of readdirSync(path)) if (f !== 'node_modules') max = Math.max(max, newest(join(path, f)));
  return max;
}

/** True when apps/web/build is missing or older than one of its sources. */
export function webBuildIsStale(): boolean {
  if (!existsSync(HANDLER)) return true;
  const built = statSync(HANDLER).mtimeMs;
  return SOURCES.some((s) => existsSync(join(ROOT, s)) && newest(join(ROOT, s)) > built);
}

/** A web build that failed; `output` is what vite printed. */
export class WebBuildError extends Error {
  override readonly name = 'WebBuildError';
  readonly code = 'WEB_BUILD_FAILED';
  constructor(readonly output: string, options?: { cause?: unknown }) {
    super('building the web app (apps/web) failed', options);
  }
}

/**
 * Run `vite build` for apps/web with its output captured (shown only when it fails): a newcomer's first start
 * prints what matters, not 150 lines of bundler output. Resolves when the build is written.
 */
export function buildWeb(timeoutMs = 300_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('npm', ['run', 'build', '--workspace', 'apps/web'], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new WebBuildError(`${stdout}\n${stderr}`, { cause: err })) : resolve()));
  });
}
