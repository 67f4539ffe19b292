/**
 * kill -9 the engine (a child process on the embedded bus and embedded ClickHouse) while a client
 * posts events over HTTP, twice, and restart it: the client re-sends what was not confirmed (and
 * some that was); no event is lost, none counted twice, live state is rebuilt equal to a reference.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEngineProcess, type EngineProcess } from './support/engine-process.ts';
import { traffic } from './support/traffic.ts';
import { expectLiveEquals, expectStoredOnce, reference, waitForOffered } from './support/crash-check.ts';
import { freePort } from './support/ports.ts';
import { eventually } from './support/wait.ts';
import { businessHoursZone } from '../apps/ingest/src/start.ts';

const TOKEN = 'crash-test-token-embedded-0123';
const TENANT = 'demo';

describe('engine on the embedded bus - kill -9 mid-stream', () => {
  it('loses nothing and counts nothing twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cb-crash-emb-'));
    const port = await freePort();
    const now = Date.now();
    // A timezone where it is late morning now: the three hours of traffic and the test's minutes
    // all fall on one local day, whatever time the suite runs ("today" is what live state shows).
    const timezone = businessHoursZone(now);
    const env = { CALLBOARD_TIMEZONE: timezone, CALLBOARD_DATA: dataDir, CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_BATCH_SIZE: '300', CALLBOARD_FLUSH_MS: '100' };
    const events = traffic({ tenant: TENANT, calls: 2500, fromMs: now - 3 * 3600_000, toMs: now - 60_000, seed: 11 });
    let engine: EngineProcess = await startEngineProcess(env, port);
    let up = true;

    const post = async (batch: unknown[]) => {
      for (;;) {
        let res: Response | null = null;
        if (up) {
          try {
            res = await fetch(`${engine.url}/api/v1/events`, {
              method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(batch), signal: AbortSignal.timeout(10_000),
            });
          } catch { /* engine died mid-request: send the batch again */ }
        }
        if (res) {
          const body = await res.json();
          expect(res.status, JSON.stringify(body)).toBe(200);
          expect(body.rejected).toEqual([]);
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    let sent = 0;
    const posting = (async () => {
      for (let i = 0; i < events.length; i += 150) {
        await post(events.slice(i, i + 150));
        sent = i + 150;
        await new Promise((r) => setTimeout(r, 20));
        if (i > 0 && i % 1500 === 0) await post(events.slice(i - 150, i)); // a confirmed batch re-sent
      }
    })();
    for (const delay of [600, 800]) {
      // :NOTE: a loaded machine can take longer than the delay to confirm a batch: the kill waits for the posting
      // to move on since the last (re)start, so that it does land mid-stream.
      const before = sent;
      await new Promise((r) => setTimeout(r, delay));
      await eventually('a batch confirmed since the engine (re)started', () => sent > before, 30_000);
      expect(sent, 'the kill lands mid-stream').toBeGreaterThan(0);
      expect(sent, 'the kill lands mid-stream').toBeLessThan(events.length);
      up = false;
      await engine.kill9();
      engine = await startEngineProcess(env, port);
      up = true;
    }
    await posting;

    const ref = reference(TENANT, events, timezone);
    await waitForOffered(engine.url, TOKEN, ref.metrics.offered, engine.output);
    await expectLiveEquals(engine.url, TOKEN, ref.metrics);
    expect(await engine.stop()).toBe(0);

    engine = await startEngineProcess(env, port);
    await expectLiveEquals(engine.url, TOKEN, ref.metrics);
    expect(await engine.stop()).toBe(0);
    const stored = await expectStoredOnce(dataDir, TENANT, ref.unique);
    expect(stored.facts).toBe(ref.metrics.offered);
  }, 180_000);
});
