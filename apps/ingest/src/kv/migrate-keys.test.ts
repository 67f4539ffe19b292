/** Keys in an earlier layout are renamed on open, values kept, stores read them, and a second run changes nothing. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Buckets } from '@callboard/nats';
import { createEmbeddedBus, type EventBus } from '@callboard/bus';
import { DEFAULT_WALLBOARD } from '../wallboards/default-board.ts';
import { WallboardStore } from '../wallboards/wallboard-store.ts';
import { CustomMetricStore } from '../wallboards/custom-metric-store.ts';
import { TokenStore } from '../identity/tokens.ts';
import { SessionStore } from '../identity/sessions.ts';
import { migrateAllKeys } from './migrate-keys.ts';

const enc = new TextEncoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));
let dir: string;
let bus: EventBus;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-kvmig-'));
  bus = await createEmbeddedBus(dir);
});
afterAll(async () => { await bus.close(); });

describe('KV key migration', () => {
  it('kv - legacy wallboard, token and session keys are renamed on open and read by the stores', async () => {
    const now = Date.now();
    const board = { ...DEFAULT_WALLBOARD, id: 'sales', archived: false, createdAt: now, updatedAt: now, createdBy: 'x', updatedBy: 'x' };
    const wb = await bus.kv(Buckets.wallboards);
    await wb.put('demo.sales', json(board));
    await wb.put('demo.metric.aht2', json({ id: 'aht2', label: 'AHT 2', unit: 'seconds', formula: 'aht' }));
    await wb.put('demo.seeded.default', enc.encode(String(now)));
    // Before: a token created and a session opened by the earlier version.
    const hash = 'ab'.repeat(32);
    const idk = await bus.kv(Buckets.identity);
    const token = { id: 't1', tenant: 'demo', role: 'admin', name: 'ci', createdAt: now, createdBy: 'x', revokedAt: null };
    await idk.put(`token.${hash}`, json(token));
    await idk.put('demo.token.t1', enc.encode(hash));
    await idk.put('demo.user.u1', json({ any: 'user' }));

    await bus.close();
    bus = await createEmbeddedBus(dir);
    expect(await migrateAllKeys(bus)).toEqual({ [Buckets.wallboards]: 1, [Buckets.identity]: 1 });

    const wallboards = await WallboardStore.open(bus);
    expect((await wallboards.list('demo')).map((b) => b.id)).toEqual(['sales']);
    expect((await wallboards.get('demo', 'sales')).name).toBe(DEFAULT_WALLBOARD.name);
    let seeded = false;
    await wallboards.once('demo', 'default', async () => { seeded = true; });
    expect(seeded).toBe(false);
    const tokens = await TokenStore.open(bus);
    expect((await tokens.list('demo')).map((t) => t.id)).toEqual(['t1']);
    expect((await tokens.verifyHash(hash))?.subject).toBe('t1');
    expect((await (await CustomMetricStore.open(bus)).list('demo')).map((m) => m.id)).toEqual(['aht2']);
    expect(await (await bus.kv(Buckets.wallboards)).keys()).toEqual(expect.arrayContaining(['demo.board.sales', 'demo.metric.aht2', 'demo.seeded.default']));
    expect(await (await bus.kv(Buckets.wallboards)).keys()).not.toContain('demo.sales');
    expect(await (await bus.kv(Buckets.identity)).keys()).toEqual(expect.arrayContaining([`_token.${hash}`, 'demo.token.t1', 'demo.user.u1']));
    expect(await (await bus.kv(Buckets.identity)).keys()).not.toContain(`token.${hash}`);

    expect(await migrateAllKeys(bus)).toEqual({});
  });

  it('kv - a tenant named "session" keeps its users through the session sweep', async () => {
    const idk = await bus.kv(Buckets.identity);
    await idk.put('session.user.u1', json({ a: 1 }));
    await idk.put(`session.${'cd'.repeat(32)}`, json({ not: 'a session' }));
    await migrateAllKeys(bus);
    const sessions = new SessionStore(idk, { idleMs: 60_000, maxMs: 60_000 });
    expect(await sessions.sweep()).toBe(1);
    expect(await idk.keys('session.')).toEqual(['session.user.u1']);
  });

});
