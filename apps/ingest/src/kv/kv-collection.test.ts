/** KvCollection on a real (embedded) KV bucket: typed values, compare-and-set, listing by tenant, refused values. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IdentityKeys, WallboardKeys } from '@callboard/nats';
import { createEmbeddedBus, KvConflictError, type EventBus } from '@callboard/bus';
import { jsonCodec, KvCollection, KvValueError, textCodec } from './kv-collection.ts';

const Item = z.object({ name: z.string(), n: z.number() });
let bus: EventBus;
beforeAll(async () => { bus = await createEmbeddedBus(fs.mkdtempSync(path.join(os.tmpdir(), 'cb-kvcoll-'))); });
afterAll(async () => { await bus.close(); });

describe('KvCollection', () => {
  it('kv - create, get, update by revision, delete', async () => {
    const items = new KvCollection(await bus.kv('c1'), WallboardKeys.board, jsonCodec(Item));
    const r = items.at('demo', 'x');
    expect(r.key).toBe('demo.board.x');
    expect(await r.get()).toBeNull();
    const rev = await r.create({ name: 'x', n: 1 });
    await expect(r.create({ name: 'x', n: 2 })).rejects.toBeInstanceOf(KvConflictError);
    expect(await r.get()).toEqual({ key: 'demo.board.x', value: { name: 'x', n: 1 }, revision: rev });
    const rev2 = await r.update({ name: 'x', n: 2 }, rev);
    await expect(r.update({ name: 'x', n: 3 }, rev)).rejects.toBeInstanceOf(KvConflictError);
    expect((await r.get())?.value.n).toBe(2);
    await r.delete(rev2);
    expect(await r.get()).toBeNull();
  });

  it('kv - lists one tenant only, and only its own family', async () => {
    const kv = await bus.kv('c2');
    const boards = new KvCollection(kv, WallboardKeys.board, jsonCodec(Item));
    const metrics = new KvCollection(kv, WallboardKeys.metric, jsonCodec(Item));
    await boards.at('a', 'one').put({ name: 'a1', n: 1 });
    await boards.at('ab', 'one').put({ name: 'ab1', n: 1 });
    await metrics.at('a', 'one').put({ name: 'm', n: 1 });
    expect((await boards.list('a')).map((s) => s.value.name)).toEqual(['a1']);
    expect((await boards.list('ab')).map((s) => s.value.name)).toEqual(['ab1']);
    expect(await metrics.keys('a')).toEqual(['a.metric.one']);
  });

  it('kv - a value the schema refuses is never written, and one found stored is a KvValueError', async () => {
    const kv = await bus.kv('c3');
    const items = new KvCollection(kv, WallboardKeys.board, jsonCodec(Item));
    await expect(items.at('demo', 'bad').put({ name: 'x' } as never)).rejects.toThrow();
    expect(await kv.keys()).toEqual([]);
    const rev = await kv.put('demo.board.bad', new TextEncoder().encode('{"name":1}'));
    const err = await items.at('demo', 'bad').get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KvValueError);
    expect(err).toMatchObject({ code: 'KV_BAD_VALUE', key: 'demo.board.bad', revision: rev });
  });

  it('kv - plain text values and global families', async () => {
    const kv = await bus.kv('c4');
    const index = new KvCollection(kv, IdentityKeys.tokenIndex, textCodec);
    const sessions = new KvCollection(kv, IdentityKeys.session, textCodec);
    await index.at('session', 't1').put('h1');
    await sessions.at('h2').put('s');
    // A tenant named "session" does not share the sessions' prefix.
    expect(await sessions.keys()).toEqual(['_session.h2']);
    expect((await index.list('session')).map((s) => s.value)).toEqual(['h1']);
  });

  it('kv - watch passes decoded values and deletions of its prefix', async () => {
    const items = new KvCollection(await bus.kv('c5'), WallboardKeys.board, jsonCodec(Item));
    const seen: [string, unknown][] = [];
    const stop = await items.watch((key, value) => seen.push([key, value]), 'demo');
    await items.at('demo', 'w').put({ name: 'w', n: 1 });
    await items.at('other', 'w').put({ name: 'o', n: 1 });
    await items.at('demo', 'w').delete();
    await new Promise((r) => setTimeout(r, 50));
    stop();
    expect(seen).toEqual([['demo.board.w', { name: 'w', n: 1 }], ['demo.board.w', null]]);
  });
});
