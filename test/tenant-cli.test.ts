/** `npm run tenant`: an operator creates a second call centre and recovers a lost admin password; the engine then serves both, apart. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, bootEngine, login, type TestEngine } from './support/identity.ts';

const CLI = path.resolve('apps/ingest/src/identity/cli.ts');
const DATA = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-tenant-cli-'));
let e: TestEngine | null = null;
afterAll(async () => e?.stop());

function tenantCli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, CALLBOARD_DATA: DATA }, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}
const shownPassword = (out: string) => /\(shown once[^)]*\): (\S+)/.exec(out)?.[1] ?? '';

describe('tenant cli', () => {
  it('tenant - add creates a call centre with its admin; admin-password replaces a lost one; the engine keeps them apart', async () => {
    const added = tenantCli('add', 'acme', 'Acme Srl', 'Europe/Warsaw');
    expect(added.status, added.err).toBe(0);
    const first = shownPassword(added.out);
    expect(first.length).toBeGreaterThan(10);
    expect(tenantCli('add', 'acme').status).toBe(1);
    expect(tenantCli('add', 'Bad.Id').status).toBe(2);
    const reset = tenantCli('admin-password', 'acme');
    expect(reset.status, reset.err).toBe(0);
    const second = shownPassword(reset.out);

    e = await bootEngine('tenant-cli', {}, DATA);
    const bad = await e.running.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'acme', login: 'admin', password: first } });
    expect(bad.statusCode).toBe(401);
    const acme = await login(e, { tenant: 'acme', login: 'admin', password: second });
    const me = await e.running.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: acme } });
    expect(me.json()).toMatchObject({ tenant: 'acme', tenantName: 'Acme Srl', role: 'admin' });
    const tenant = await e.running.app.inject({ method: 'GET', url: '/api/v1/tenant', headers: { cookie: acme } });
    expect(tenant.json().settings.timezone).toBe('Europe/Warsaw');
    const demo = await login(e, { login: 'admin', password: ADMIN_PASSWORD });
    const users = await e.running.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: demo } });
    expect(users.json().users.map((u: { tenant: string }) => u.tenant)).toEqual(['demo']);
    const audit = await e.running.app.inject({ method: 'GET', url: '/api/v1/audit?action=user.', headers: { cookie: acme } });
    expect(audit.json().entries.map((x: { action: string }) => x.action)).toEqual(['user.password.reset', 'user.create']);
  });
});
