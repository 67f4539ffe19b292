/**
 * A restart mid-traffic leaves the demo centre as if it had never stopped: the simulator replays the same day (same
 * seed, same ids) so the calls in progress at the stop end for real, instead of agents showing "Ready" beside a call
 * that never ends; the day's history equals that of an engine that ran through.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayWindow, type AgentLive } from '@callboard/metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { businessHoursZone } from '../apps/ingest/src/start.ts';
import { startEngineProcess, type EngineProcess } from './support/engine-process.ts';
import { freePort } from './support/ports.ts';
import { eventually } from './support/wait.ts';

const TOKEN = 'demo-restart-test-token-0123';
const auth = { authorization: `Bearer ${TOKEN}` };
const TZ = businessHoursZone(Date.now());
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** An engine process with the demo simulator on; each its own data directory (one chdb per process). */
async function engine(data?: string): Promise<EngineProcess & { data: string }> {
  const dir = data ?? mkdtempSync(join(tmpdir(), 'cb-demo-restart-'));
  if (!data) dirs.push(dir);
  const e = await startEngineProcess({ CALLBOARD_DATA: dir, CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_SIMULATOR: 'on', CALLBOARD_TIMEZONE: TZ, CALLBOARD_BACKUP_DIR: 'off' }, await freePort());
  return { ...e, data: dir };
}

async function live(e: EngineProcess): Promise<{ agents: AgentLive[]; total: { metrics: Record<string, number> } }> {
  return (await fetch(`${e.url}/api/v1/live`, { headers: auth })).json();
}

async function report(e: EngineProcess, from: number, to: number): Promise<Record<string, number>> {
  const q = `/api/v1/metrics?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&metrics=offered,answered,abandoned,exited,asa,service_level`;
  return (await (await fetch(`${e.url}${q}`, { headers: auth })).json()).rows[0]?.metrics ?? {};
}

const until = (check: () => Promise<boolean>, ms: number) => eventually(`a condition within ${ms} ms`, check, ms, 250);

const onCall = (agents: AgentLive[]) => agents.filter((a) => a.current !== null);

describe('demo restart', () => {
  it('after a stop and a start on the same data: no ghost calls, and the day equals a run that never stopped', async () => {
    // Booted side by side: two processes, two data directories.
    const [through, first] = await Promise.all([engine(), engine()]);
    let restarted = first;
    await until(async () => onCall((await live(restarted)).agents).length >= 3, 30_000);

    expect(await restarted.stop()).toBe(0);
    await new Promise((r) => setTimeout(r, 2_000)); // calls end while the engine is down
    restarted = await engine(restarted.data);

    // Once both have caught up on the day, both show the same centre.
    await until(async () => (await live(restarted)).total.metrics.offered >= (await live(through)).total.metrics.offered, 30_000);
    const [a, b] = [await live(through), await live(restarted)];
    const ghosts = b.agents.filter((x) => x.current && x.state !== 'busy');
    expect(ghosts.map((x) => `${x.agent} ${x.state} on ${x.current!.callId}`)).toEqual([]);
    expect(Math.abs(onCall(b.agents).length - onCall(a.agents).length)).toBeLessThanOrEqual(2);
    expect(new Set(onCall(b.agents).map((x) => x.current!.callId)).size).toBe(onCall(b.agents).length);

    // History of the calls offered until 30 minutes ago (all finished): identical.
    const from = dayWindow(Date.now(), TZ).start;
    const to = Date.now() - 30 * 60_000;
    let want: Record<string, number> = {};
    let got: Record<string, number> = {};
    await until(async () => {
      [want, got] = [await report(through, from, to), await report(restarted, from, to)];
      return want.offered > 0 && JSON.stringify(want) === JSON.stringify(got);
    }, 20_000).catch(() => {});
    expect(want.offered).toBeGreaterThan(0);
    expect(got).toEqual(want);
    await through.stop();
    await restarted.stop();
  }, 180_000); // three engine boots and up to 80 s of waiting for the simulated day
});
