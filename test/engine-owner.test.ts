/**
 * One engine per stream, with engine processes on one real nats-server: a second engine refuses to
 * start and names the first, which keeps counting every call; after kill -9 a standby takes over
 * once the lease TTL has passed and counts everything once; of two starters racing for a stale
 * lease exactly one runs; an engine paused past the TTL loses its lease, exits, and acks nothing.
 */
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '@callboard/metrics';
import { Consumers, Streams, Subjects } from '@callboard/nats';
import { launchEngineProcess, startEngineProcess, type EngineProcess, type ExitedEngine } from './support/engine-process.ts';
import { traffic } from './support/traffic.ts';
import { COUNTS, expectLiveEquals, expectStoredOnce, liveMetrics, reference } from './support/crash-check.ts';
import { freePort } from './support/ports.ts';
import { until } from './support/web-engine.ts';
import { businessHoursZone } from '../apps/ingest/src/start.ts';
import { useNats } from './support/nats-fixture.ts';

const TOKEN = 'owner-test-token-0123456789';
const TENANT = 'demo';
const TTL_S = 3;
const CALLS = 300;

const dir = (name: string) => mkdtempSync(join(tmpdir(), `cb-owner-${name}-`));
const isExited = (e: EngineProcess | ExitedEngine): e is ExitedEngine => 'code' in e;

describe('engine on NATS - one owner per stream', () => {
  const nats = useNats();
  const now = Date.now();
  const timezone = businessHoursZone(now);
  // Three waves of calls; every event of a call is in one wave (the agents' states in the first).
  const all = traffic({ tenant: TENANT, calls: 3 * CALLS, fromMs: now - 3 * 3600_000, toMs: now - 60_000, seed: 11 });
  const wave = (k: number) => all.filter((e) => {
    const call = 'callId' in e ? Number(e.callId.slice(1)) : -1;
    return call < 0 ? k === 0 : Math.floor(call / CALLS) === k;
  });
  const env = (dataDir: string) => ({
    NATS_URL: nats.server.url, CALLBOARD_DATA: dataDir, CALLBOARD_TIMEZONE: timezone, CALLBOARD_BOOTSTRAP_TOKEN: TOKEN,
    CALLBOARD_OWNER_LEASE_SECONDS: String(TTL_S), CALLBOARD_BATCH_SIZE: '400', CALLBOARD_FLUSH_MS: '100', CALLBOARD_BACKUP_DIR: 'off',
  });
  const enc = new TextEncoder();
  const publish = async (events: CallEvent[]) => {
    const js = nats.nc.jetstream();
    for (let i = 0; i < events.length; i += 200) {
      await Promise.all(events.slice(i, i + 200).map((e) =>
        js.publish(Subjects.events(e.tenant, e.type), enc.encode(JSON.stringify(e)), { msgID: `${e.tenant}:${e.id}` })));
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  /**
   * Live figures of `engine` reach those of `events` (each once), count by count. :NOTE: polled, as
   * `handled` follows the last calls' ends only once their wrap-up grace has passed.
   */
  const expectCounted = async (engine: EngineProcess, events: CallEvent[]) => {
    const ref = reference(TENANT, events, timezone);
    const same = async () => {
      const live = await liveMetrics(engine.url, TOKEN);
      return COUNTS.every((id) => live[id] === ref.metrics[id]);
    };
    // On a time-out the comparison below names the count that differs.
    await until(same, 60_000, 'live counts to equal the reference').catch(() => undefined);
    await expectLiveEquals(engine.url, TOKEN, ref.metrics, COUNTS);
    return ref;
  };
  /** Everything published so far is committed and acked by the owner. */
  const caughtUp = () => until(async () => {
    const info = await (await nats.nc.jetstreamManager()).consumers.info(Streams.events.name, Consumers.engine.name);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }, 60_000, 'the engine consumer to catch up');


  // Shared between the steps, which run in order: the owner of the moment and its data directory.
  let owner: EngineProcess;
  const dirA = dir('a');

  it('owner - a second engine refuses to start, naming the running one, which counts every call', async () => {
    owner = await startEngineProcess(env(dirA), await freePort());
    const publishing = publish(wave(0));
    const t0 = Date.now();
    const second = await launchEngineProcess(env(dir('b')), await freePort());
    const refusedAfterMs = Date.now() - t0;
    await publishing;

    expect(isExited(second), 'the second engine must not start').toBe(true);
    const { code, output } = second as ExitedEngine;
    expect(code).toBe(2);
    expect(output).toContain('callboard refuses to start: another engine already owns stream CC_EVENTS (consumer "engine")');
    expect(output).toContain(nats.server.url);
    expect(output).toContain(`on host ${hostname()}, pid ${owner.pid}, serving ${owner.url}, running since 20`);
    expect(output).toContain('Stop that engine first');
    console.info(`second engine refused after ${refusedAfterMs} ms (boot included)`);

    expect((await fetch(`${owner.url}/readyz`)).ok).toBe(true);
    await expectCounted(owner, wave(0));
  }, 120_000);

  it('owner - after kill -9 a standby takes over once the TTL has passed, and counts everything once', async () => {
    const publishing = publish(wave(1));
    await new Promise((r) => setTimeout(r, 300));
    await owner.kill9();
    const t0 = Date.now();
    // The standby has the first engine's storage (shared storage, as with CLICKHOUSE_URL): the
    // history it replays plus what the consumer delivers again make up the whole stream.
    owner = await startEngineProcess(env(dirA), await freePort());
    const tookOverAfterMs = Date.now() - t0;
    await publishing;
    expect(owner.output()).toContain('took over the engine lease left by engine');
    expect(tookOverAfterMs, 'the lease is taken over only after its TTL').toBeGreaterThanOrEqual(TTL_S * 1000);
    console.info(`standby took over ${tookOverAfterMs} ms after the kill -9 (boot included, TTL ${TTL_S} s)`);

    const ref = await expectCounted(owner, [...wave(0), ...wave(1)]);
    await caughtUp();
    expect(await owner.stop()).toBe(0);
    await expectStoredOnce(dirA, TENANT, ref.unique);

    // A clean stop released the lease: the next start does not wait for it.
    const t1 = Date.now();
    owner = await startEngineProcess(env(dirA), await freePort());
    expect(owner.output()).not.toContain('took over');
    console.info(`restart after a clean stop ready in ${Date.now() - t1} ms`);
    await expectCounted(owner, [...wave(0), ...wave(1)]);
  }, 150_000);

  it('owner - of two engines racing for a stale lease exactly one runs', async () => {
    await caughtUp();
    await owner.kill9();
    const racers = await Promise.all([
      launchEngineProcess(env(dir('c')), await freePort()),
      launchEngineProcess(env(dir('d')), await freePort()),
    ]);
    const running = racers.filter((r): r is EngineProcess => !isExited(r));
    const refused = racers.filter(isExited);
    expect(running, racers.map((r) => (isExited(r) ? r.output : r.output())).join('\n----\n')).toHaveLength(1);
    expect(refused[0].code).toBe(2);
    expect(refused[0].output).toContain(`pid ${running[0].pid}, serving ${running[0].url}`);
    owner = running[0];
  }, 120_000);

  it('owner - an engine paused past the TTL loses its lease, exits and acks nothing of the new owner\'s', async () => {
    const paused = owner;
    paused.signal('SIGSTOP');
    // Published while the old owner is paused and the new one takes over: all of it must reach the new owner.
    const publishing = publish(wave(2));
    owner = await startEngineProcess(env(dir('e')), await freePort());
    paused.signal('SIGCONT');
    expect(await paused.exited).toBe(3);
    expect(paused.output()).toContain('lost its ownership of stream CC_EVENTS (consumer "engine")');
    expect(paused.output()).toContain(`it is now owned by engine`);
    await publishing;
    // Its storage is new and waves 0 and 1 were acked before: it counts exactly wave 2.
    await expectCounted(owner, wave(2));
    await caughtUp();
    expect(await owner.stop()).toBe(0);
  }, 120_000);
});
