/**
 * ClickHouse failing for a reason retrying can fix (the events table detached, as during a botched
 * migration: UNKNOWN_TABLE; or too many parts in total, as when merges fall behind), on a real engine (embedded bus + chdb): live figures go on,
 * /readyz and callboard_storage_failing say storage is failing, the batch is stored once when the
 * table is back; stopping while it fails ends within seconds, leaving the batch unacked, and the
 * next start stores it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessHoursZone } from '../apps/ingest/src/start.ts';
import { bootEngine, type TestEngine } from './support/identity.ts';

const TOKEN = 'storage-failing-test-token-01';
const auth = { authorization: `Bearer ${TOKEN}` };
const iso = (ms: number) => new Date(ms).toISOString();

describe('storage failing', () => {
  let e: TestEngine;
  const env = { CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_TIMEZONE: businessHoursZone(Date.now()) };
  beforeAll(async () => { e = await bootEngine('storage-failing', env); });
  afterAll(async () => { await e?.stop(); });

  const req = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    e.running.app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
  const call = (id: string) => {
    const t = Date.now();
    return [
      { v: 1, id: `${id}-o`, ts: iso(t - 20_000), type: 'call.offered', callId: id, queue: 'q', caller: '+39021', channel: 'voice' },
      { v: 1, id: `${id}-a`, ts: iso(t - 1000), type: 'call.abandoned', callId: id, queue: 'q', waitMs: 19_000 },
    ];
  };
  const stored = async (id: string) => Number((await (await e.running.services.ch.query({
    query: 'SELECT count() AS n FROM events WHERE id = {id:String}', query_params: { id }, format: 'JSONEachRow' })).json<{ n: string }>())[0].n);
  const offeredLive = async () => (await req('GET', '/api/v1/live')).json().total.metrics.offered as number;
  const gauge = async () => /^callboard_storage_failing (\d)$/m.exec((await req('GET', '/metrics')).body)?.[1];
  const until = async (what: string, check: () => Promise<boolean>, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('keeps live figures, reports storage failing, and stores the batch once when ClickHouse is back', async () => {
    expect(await gauge()).toBe('0');
    await e.running.services.ch.command({ query: 'DETACH TABLE events' });
    expect((await req('POST', '/api/v1/events', call('c1'))).json()).toMatchObject({ accepted: 2 });
    await until('call live', async () => (await offeredLive()) === 1);
    await until('readyz says storage is failing', async () => (await req('GET', '/readyz')).statusCode === 503);
    expect((await req('GET', '/readyz')).json()).toMatchObject({ status: 'storage_failing' });
    expect(await gauge()).toBe('1');
    await e.running.services.ch.command({ query: 'ATTACH TABLE events' });
    await until('readyz ready again', async () => (await req('GET', '/readyz')).statusCode === 200);
    expect(await gauge()).toBe('0');
    await until('events stored', async () => (await stored('c1-o')) === 1 && (await stored('c1-a')) === 1);
  });

  it('counts a re-imported call once though the bus delivers it again while commits fail', async () => {
    // Three days ago: older than the in-memory dedupe horizon, so the engine checks storage, which does not have it yet.
    const t = Date.now() - 3 * 86_400_000;
    const old = [
      { v: 1, id: 'old-o', ts: iso(t), type: 'call.offered', callId: 'old', queue: 'reimport', caller: '+39021', channel: 'voice' },
      { v: 1, id: 'old-a', ts: iso(t + 30_000), type: 'call.abandoned', callId: 'old', queue: 'reimport', waitMs: 30_000 },
    ];
    const duplicates = async () => Number(/^callboard_events_duplicate_total (\d+)$/m.exec((await req('GET', '/metrics')).body)?.[1] ?? 0);
    // At least one part in events, so that the limit below refuses the next insert.
    expect((await req('POST', '/api/v1/events', call('c0'))).json()).toMatchObject({ accepted: 2 });
    await until('a part in events', async () => (await stored('c0-o')) === 1);
    const before = await duplicates();
    // Inserts into events refused as "too many parts" (merges behind: transient) while reads still work.
    await e.running.services.ch.command({ query: 'ALTER TABLE events MODIFY SETTING max_parts_in_total = 1' });
    expect((await req('POST', '/api/v1/events', old)).json()).toMatchObject({ accepted: 2 });
    await until('readyz says storage is failing', async () => (await req('GET', '/readyz')).statusCode === 503);
    // The engine's consumer waits 30 s for an ack (nats/src/names.ts) before the bus delivers again.
    await until('redelivered and recognised', async () => (await duplicates()) >= before + 2, 45_000);
    await e.running.services.ch.command({ query: 'ALTER TABLE events RESET SETTING max_parts_in_total' });
    await until('events stored', async () => (await stored('old-o')) === 1 && (await stored('old-a')) === 1);
    const q = `/api/v1/metrics?from=${iso(t - 3600_000)}&to=${iso(t + 3600_000)}&groupBy=queue&metrics=offered,abandoned`;
    await until('the call in history', async () => ((await req('GET', q)).json().rows ?? []).length > 0);
    expect((await req('GET', q)).json().rows).toEqual([expect.objectContaining({ metrics: expect.objectContaining({ offered: 1, abandoned: 1 }) })]);
  }, 60_000);

  it('stops within seconds while commits fail, and the next start stores what was left unacked', async () => {
    await e.running.services.ch.command({ query: 'DETACH TABLE events' });
    expect((await req('POST', '/api/v1/events', call('c2'))).json()).toMatchObject({ accepted: 2 });
    await until('readyz says storage is failing', async () => (await req('GET', '/readyz')).statusCode === 503);
    const t0 = Date.now();
    await e.stop(); // resolves (no ClickHouseError escapes) once the grace time is over
    expect(Date.now() - t0).toBeLessThan(12_000);
    // DETACH (not PERMANENTLY) lasts until the next start: the table is back, the batch delivered again.
    e = await bootEngine('storage-failing', env, e.dir);
    await until('redelivered events stored', async () => (await stored('c2-o')) === 1 && (await stored('c2-a')) === 1, 20_000);
    await until('the calls live after the restart', async () => (await offeredLive()) === 3);
    expect(await stored('c1-o')).toBe(1);
  });
});
