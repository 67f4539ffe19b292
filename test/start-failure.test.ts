/**
 * A start that fails half-way (here: its port is taken) closes what it opened, last first: the owner lease is
 * released at once, so the next start on the same stream runs without waiting for the lease's TTL (60 s here) and
 * without being refused as a second engine; the data directory and the bus are free again.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootEngine } from './support/identity.ts';
import { useNats } from './support/nats-fixture.ts';

describe('a failed start', () => {
  const nats = useNats();

  it('start - a port in use fails the start with its error, and the next start on the same stream and data runs at once', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = String((taken.address() as net.AddressInfo).port);
    const env = { NATS_URL: nats.server.url, CALLBOARD_OWNER_LEASE_SECONDS: '60', HOST: '127.0.0.1' };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-start-failure-'));
    const failed = bootEngine('start-failure', { ...env, PORT: port }, dir);
    await expect(failed).rejects.toMatchObject({ code: 'EADDRINUSE' });
    taken.close();
    // Within the lease's TTL: without the release this start is refused (the lease held, and still renewed).
    const t0 = Date.now();
    const e = await bootEngine('start-failure', env, dir);
    try {
      expect(Date.now() - t0).toBeLessThan(30_000);
      const res = await e.running.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
    } finally {
      await e.stop();
    }
  }, 90_000);
});
