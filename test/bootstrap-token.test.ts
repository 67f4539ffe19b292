/** The bootstrap admin token is created once: revoked through the API, it stays revoked across restarts with CALLBOARD_BOOTSTRAP_TOKEN still set. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../apps/ingest/src/config.ts';
import { start, type Running } from '../apps/ingest/src/start.ts';

const SECRET = 'bootstrap-secret-for-tests-0123';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-bootstrap-'));
let running: Running | null = null;

/** Start on the shared data directory with the variable set; the engine's log lines are kept. */
async function boot(secret = SECRET): Promise<{ running: Running; lines: { level: number; msg: string }[] }> {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  running = await start(loadConfig({
    CALLBOARD_DATA: dir, PORT: '0', CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', CALLBOARD_BACKUP_DIR: 'off',
    CALLBOARD_ADMIN_PASSWORD: 'admin-password-for-tests', CALLBOARD_BOOTSTRAP_TOKEN: secret,
    ...(process.env.NATS_URL ? { NATS_URL: process.env.NATS_URL } : {}),
  }), { log: pino({ level: 'info' }, sink) });
  return { running, lines };
}

const call = (r: Running, method: 'GET' | 'DELETE', url: string, token = SECRET) =>
  r.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });

afterAll(async () => running?.stop());

describe('bootstrap token', () => {
  it('bootstrap - a revoked bootstrap token stays revoked after a restart with the variable still set; its creation is audited once', async () => {
    let { running: r } = await boot();
    expect(r.bootstrapToken).toBe(SECRET);
    const list = await call(r, 'GET', '/api/v1/tokens');
    expect(list.statusCode).toBe(200);
    const token = (list.json().tokens as { id: string; name: string }[]).find((t) => t.name === 'bootstrap')!;
    expect((await call(r, 'DELETE', `/api/v1/tokens/${token.id}`)).statusCode).toBe(204);
    expect((await call(r, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    await r.stop();

    const again = await boot();
    r = again.running;
    expect(r.bootstrapToken).toBeNull();
    expect((await call(r, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect(again.lines.some((l) => l.level === 40 && /CALLBOARD_BOOTSTRAP_TOKEN was revoked/.test(l.msg))).toBe(true);
    const record = (await r.services.tokens.list('demo')).filter((t) => t.name === 'bootstrap');
    expect(record).toHaveLength(1);
    expect(record[0].revokedAt).not.toBeNull();

    const audit = await r.services.identity.audit.query('demo', { action: 'token.', limit: 100 });
    const created = audit.filter((a) => a.action === 'token.create' && a.target === token.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actorKind: 'system', actorName: 'bootstrap', detail: { source: 'CALLBOARD_BOOTSTRAP_TOKEN', role: 'admin' } });
    expect(audit.some((a) => a.action === 'token.revoke' && a.target === token.id)).toBe(true);
    await r.stop();

    // A different secret later is not a way to mint a second bootstrap admin token.
    const other = await boot('another-bootstrap-secret-4567');
    r = other.running;
    expect(r.bootstrapToken).toBeNull();
    expect((await call(r, 'GET', '/api/v1/auth/me', 'another-bootstrap-secret-4567')).statusCode).toBe(401);
    expect(other.lines.some((l) => l.level === 40 && /CALLBOARD_BOOTSTRAP_TOKEN ignored/.test(l.msg))).toBe(true);
  }, 60_000);
});
