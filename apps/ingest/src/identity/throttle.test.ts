/** Login back-off on a real (embedded) KV bucket: threshold, doubling, cap, window, sweep. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityKeys } from '@callboard/nats';
import { createEmbeddedBus, type EventBus } from '@callboard/bus';
import { LoginThrottle } from './throttle.ts';

let bus: EventBus;
beforeAll(async () => { bus = await createEmbeddedBus(fs.mkdtempSync(path.join(os.tmpdir(), 'cb-throttle-'))); });
afterAll(async () => bus?.close());

const rule = { threshold: 3, baseMs: 1000, maxMs: 3500, windowMs: 200 };

describe('throttle', () => {
  it('throttle - locks at the threshold, doubles per failure, caps, and forgets after the window', async () => {
    const t = new LoginThrottle(await bus.kv('t1'), rule, { ...rule, threshold: 100 });
    const { login } = t.keys('demo', 'anna', '10.0.0.1');
    const cases: [number, number][] = [[1, 0], [2, 0], [3, 1000], [4, 2000], [5, 3500], [6, 3500]];
    for (const [failures, lock] of cases) {
      await t.fail([login]);
      const wait = await t.retryAfter([login]);
      expect(wait, `after ${failures} failures`).toBeGreaterThan(lock - 100);
      expect(wait, `after ${failures} failures`).toBeLessThanOrEqual(lock);
    }
    await t.reset(login);
    expect(await t.retryAfter([login])).toBe(0);
    await t.fail([login]);
    await t.fail([login]);
    await new Promise((r) => setTimeout(r, 250));
    await t.fail([login]); // the two old failures are out of the window: 1 failure, no lock
    expect(await t.retryAfter([login])).toBe(0);
  });

  it('throttle - the sweep forgets stale counters and keeps live lock-outs', async () => {
    const kv = await bus.kv('t2');
    const t = new LoginThrottle(kv, { ...rule, threshold: 1, baseMs: 5000, maxMs: 5000 }, rule);
    const a = t.keys('demo', 'old', '10.0.0.2');
    const b = t.keys('demo', 'locked', '10.0.0.3');
    await t.fail([a.ip]);
    await new Promise((r) => setTimeout(r, 250));
    await t.fail([b.login]);
    await new Promise((r) => setTimeout(r, 250));
    expect(await t.sweep()).toBe(1);
    expect(await kv.keys(IdentityKeys.throttle.prefix())).toEqual([b.login.key]);
  });
});
