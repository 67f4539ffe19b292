/** Boots a real engine in-process for web/wallboard tests (embedded bus and chdb, simulator off), optionally serving the web app. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../apps/ingest/src/config.ts';
import { start, type Running } from '../../apps/ingest/src/start.ts';
import { sveltekitPluginFrom } from '../../apps/ingest/src/web/sveltekit.ts';
import { eventually } from './wait.ts';

export const ADMIN = 'test-token-123456789';

export async function startEngine(opts: { dataDir?: string; web?: string; env?: Record<string, string> } = {}): Promise<Running & { dataDir: string }> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cb-web-'));
  const running = await start(loadConfig({
    CALLBOARD_DATA: dataDir, PORT: '0', CALLBOARD_SIMULATOR: 'off', CALLBOARD_BOOTSTRAP_TOKEN: ADMIN, LOG_LEVEL: 'silent',
    CALLBOARD_FLUSH_MS: '50', ...opts.env,
  }), { extra: opts.web ? [sveltekitPluginFrom(opts.web)] : [] });
  return Object.assign(running, { dataDir });
}

/** A JSON client for one engine and one bearer token. */
export function client(url: string, token = ADMIN) {
  return async <T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${url}/api/v1/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

/** Poll until `check` returns a truthy value (or fail after `ms`). */
export const until = <T>(check: () => Promise<T | null | undefined | false>, ms = 15_000, what = 'condition'): Promise<T> => eventually(what, check, ms);

let nudges = 0;
/**
 * :NOTE: the engine stores call facts emitted by its timer (after the wrap-up and late-event grace)
 * only with the next batch of events; a quiet test tenant posts a harmless event to flush them.
 */
export async function nudge(api: ReturnType<typeof client>, tenant = 'demo'): Promise<void> {
  const id = `nudge-${process.pid}-${++nudges}`;
  await api('POST', 'events', [{ v: 1, id, tenant, ts: Date.now(), type: 'agent.state', agent: 'zz-nudge', state: 'logged_out' }]);
  await new Promise((r) => setTimeout(r, 400));
}
