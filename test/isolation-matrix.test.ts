/**
 * The isolation matrix, generated from auth.ts's routeTable: every /api route and the WebSocket ×
 * every role × own tenant / another tenant's ids / no credentials / a revoked token (and a TV's
 * display cookie, live and after its token was revoked). A role the
 * route does not declare gets 403, no or revoked credentials 401, another tenant's ids 404, and
 * no response ever carries another tenant's data (each tenant's fixtures carry a marker).
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFactory } from '../packages/metrics/src/testing/events.ts';
import { normaliseCaller } from '../packages/metrics/src/callbacks/caller.ts';
import auth, { AccessNotDeclaredError, routeTable } from '../apps/ingest/src/plugins/app/auth.ts';
import { buildApp } from '../apps/ingest/src/app.ts';
import { ROLE_LIST, type Role } from '../apps/ingest/src/identity/roles.ts';
import { DEFAULT_WALLBOARD } from '../apps/ingest/src/wallboards/default-board.ts';
import { bootEngine, login, makeUser, openWs, type TestEngine } from './support/identity.ts';

const TENANTS = { demo: 'zzdemomark', other: 'zzothermark' } as const;
type Tenant = keyof typeof TENANTS;
type Cred = Record<string, string>;

let e: TestEngine;
const creds = {} as Record<Tenant, Record<Role, Cred>>;
const ids = {} as Record<Tenant, { user: string; token: string; wallboard: string; callback?: string; campaign?: string; ticket?: string; export?: string; schedule?: string }>;
let revoked: Cred;
/** A TV's display cookie whose token was revoked since. */
let revokedDisplay: Cred;

async function fixtures(tenant: Tenant) {
  const mark = TENANTS[tenant];
  const { services } = e.running;
  await services.tenants.ensure(tenant, `${mark} call centre`);
  const c = {} as Record<Role, Cred>;
  for (const role of ['admin', 'supervisor', 'analyst', 'agent'] as const) {
    const { user, password } = await makeUser(e, tenant, `${mark}-${role}`, [role], { extension: role === 'agent' ? '201' : undefined });
    c[role] = { cookie: await login(e, { tenant, login: user.login, password }) };
    if (role === 'agent') ids[tenant] = { user: user.id, token: '', wallboard: '' };
  }
  const board = await e.running.app.inject({ method: 'POST', url: '/api/v1/wallboards', headers: c.admin, payload: { ...DEFAULT_WALLBOARD, name: `${mark} board` } });
  if (board.statusCode !== 201) throw new Error(`wallboard fixture: ${board.statusCode} ${board.body}`);
  ids[tenant].wallboard = board.json().id;
  const display = await services.tokens.create({ tenant, role: 'display', name: `${mark}-tv`, createdBy: 'test', wallboards: [ids[tenant].wallboard] });
  const integration = await services.tokens.create({ tenant, role: 'integration', name: `${mark}-pbx`, createdBy: 'test' });
  // :NOTE: one tenant's TV uses the display cookie a TV gets for its token (web/tv-login.ts), the other the bearer token: both must answer alike.
  const displayCookie = tenant === 'other' ? await services.displays.exchange(display.secret) : null;
  c.display = displayCookie ? { cookie: `cb_display=${displayCookie}` } : { authorization: `Bearer ${display.secret}` };
  c.integration = { authorization: `Bearer ${integration.secret}` };
  ids[tenant].token = integration.record.id;
  creds[tenant] = c;
  const ev = eventFactory(tenant, `${mark}-`);
  await services.publisher.publish(tenant, [ev.offered(Date.now() - 5000, `${mark}-c1`, `${mark}-queue`), ev.agent(Date.now() - 4000, `${mark}-agent`, 'ready')], 'test');
  // A missed call: its callback request (caller and queue carry the marker) is the tenant's callbacks fixture.
  await services.publisher.publish(tenant, [ev.offered(Date.now() - 3000, `${mark}-m1`, `${mark}-queue`), ev.abandoned(Date.now() - 1000, `${mark}-m1`, `${mark}-queue`, 30_000)], 'test');
  ids[tenant].callback = normaliseCaller(`+39020000${mark}-m1`, 'IT').key;
  await services.tenants.updateSettings(tenant, { ...services.tenants.get(tenant)!.settings, queues: { [`${mark}-queue`]: { slThresholdMs: 15_000 } }, tickets: { series: [tenant === 'demo' ? 'DEM' : 'OTH'] } });
  // A campaign (its name carries the marker) with the tenant's agent assigned and one imported entry.
  const campaign = await e.running.app.inject({ method: 'POST', url: '/api/v1/campaigns', headers: c.supervisor, payload: { name: `${mark} campaign` } });
  if (campaign.statusCode !== 201) throw new Error(`campaign fixture: ${campaign.statusCode} ${campaign.body}`);
  ids[tenant].campaign = campaign.json().id;
  await e.running.app.inject({ method: 'PUT', url: `/api/v1/campaigns/${ids[tenant].campaign}/agents`, headers: c.supervisor, payload: { userIds: [ids[tenant].user] } });
  const imported = await e.running.app.inject({ method: 'POST', url: `/api/v1/campaigns/${ids[tenant].campaign}/import`, headers: { ...c.supervisor, 'content-type': 'text/csv' }, payload: '+39 06 1234 5678\n' });
  if (imported.json().added !== 1) throw new Error(`campaign import fixture: ${imported.body}`);
  // A ticket (its client carries the marker), taken by the agent; each tenant numbers in its own series, so no id exists in both.
  const ticket = await e.running.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: c.agent, payload: { client: `${mark} client`, type: 'fault', subject: `${mark} boiler` } });
  if (ticket.statusCode !== 201) throw new Error(`ticket fixture: ${ticket.statusCode} ${ticket.body}`);
  ids[tenant].ticket = ticket.json().id;
  const today = new Date().toISOString().slice(0, 10);
  const job = await e.running.app.inject({ method: 'POST', url: '/api/v1/exports', headers: c.analyst, payload: { source: 'calls', from: today, to: today, format: 'csv' } });
  if (job.statusCode !== 202) throw new Error(`export fixture: ${job.statusCode} ${job.body}`);
  ids[tenant].export = job.json().id;
  const schedule = await e.running.app.inject({ method: 'POST', url: '/api/v1/schedules', headers: c.analyst,
    payload: { name: 'weekly', source: 'calls', range: 'last_week', format: 'csv', recipients: ['boss@example.com'], cron: '0 7 * * 1' } });
  if (schedule.statusCode !== 201) throw new Error(`schedule fixture: ${schedule.statusCode} ${schedule.body}`);
  ids[tenant].schedule = schedule.json().id;
}

beforeAll(async () => {
  e = await bootEngine('matrix');
  await fixtures('demo');
  await fixtures('other');
  const t = await e.running.services.tokens.create({ tenant: 'demo', role: 'admin', name: 'soon-revoked', createdBy: 'test' });
  await e.running.services.tokens.revoke('demo', t.record.id);
  revoked = { authorization: `Bearer ${t.secret}` };
  const tv = await e.running.services.tokens.create({ tenant: 'demo', role: 'display', name: 'soon-revoked-tv', createdBy: 'test', wallboards: [ids.demo.wallboard] });
  revokedDisplay = { cookie: `cb_display=${await e.running.services.displays.exchange(tv.secret)}` };
  await e.running.services.tokens.revoke('demo', tv.record.id);
  await new Promise((r) => setTimeout(r, 300)); // let the engine apply the fixture events
  await e.running.services.callbacks.idle();
  for (const t of Object.keys(TENANTS) as Tenant[]) if (!e.running.services.callbacks.get(t, ids[t].callback!)) throw new Error(`callback fixture of ${t} missing`);
});
afterAll(async () => e?.stop());

const routes = () => [...new Map(routeTable.map((r) => [`${r.method} ${r.url}`, r])).values()];
const isWs = (url: string) => url.endsWith('/ws');
const hasBody = (m: string) => ['POST', 'PUT', 'PATCH'].includes(m);

/**
 * The URL with its params filled: an id that exists nowhere, or the other tenant's real id of that
 * resource. A display token's own calls name its own wallboard (any other is refused with 403).
 */
function fill(url: string, foreign: Tenant | null, self?: { tenant: Tenant; role: Role }): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => {
    const resource = url.split('/')[3];
    if (!foreign) return self?.role === 'display' && resource === 'wallboards' && name === 'id' ? ids[self.tenant].wallboard : 'no-such-id';
    if (name !== 'id') return 'no-such-id';
    if (resource === 'users') return ids[foreign].user;
    if (resource === 'tokens') return ids[foreign].token;
    if (resource === 'wallboards') return ids[foreign].wallboard;
    if (resource === 'callbacks') return ids[foreign].callback!;
    if (resource === 'campaigns') return ids[foreign].campaign!;
    if (resource === 'tickets') return ids[foreign].ticket!;
    if (resource === 'exports') return ids[foreign].export!;
    if (resource === 'schedules') return ids[foreign].schedule!;
    return 'no-such-id';
  });
}

async function call(method: string, url: string, headers: Cred) {
  const res = await e.running.app.inject({ method: method as 'GET', url, headers, ...(hasBody(method) ? { payload: {} } : {}) });
  return { status: res.statusCode, body: res.body };
}

describe('isolation matrix', () => {
  it('matrix - the route table covers the API and every route declares its access', () => {
    const urls = routes().map((r) => `${r.method} ${r.url}`);
    for (const must of ['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'GET /api/v1/users', 'DELETE /api/v1/users/:id', 'GET /api/v1/audit', 'GET /api/v1/live/ws', 'GET /api/v1/commands/ws', 'POST /api/v1/commands/pause', 'POST /api/v1/tokens', 'PUT /api/v1/tenant/settings', 'POST /api/v1/callbacks/:id/book', 'POST /api/v1/callbacks/flush', 'POST /api/v1/campaigns/:id/import', 'POST /api/v1/campaigns/:id/entries/move', 'POST /api/v1/tickets/:id/status', 'GET /api/v1/tickets/:id/attachments/:attachmentId', 'POST /api/v1/exports', 'GET /api/v1/exports/:id/file', 'POST /api/v1/schedules/:id/run']) {
      expect(urls).toContain(must);
    }
    for (const r of routes()) expect(r.access === 'public' || (Array.isArray(r.access) && r.access.length > 0)).toBe(true);
  });

  it('matrix - every route × role × own/other tenant × no credentials × revoked token', async () => {
    const failures: string[] = [];
    const check = (ok: boolean, what: string) => { if (!ok) failures.push(what); };
    for (const r of routes()) {
      if (r.access === 'public') {
        if (r.url === '/api/v1/auth/logout') continue;
        const res = await call(r.method, fill(r.url, null), {});
        check(![401, 403].includes(res.status) && res.status < 500, `public ${r.method} ${r.url} → ${res.status}`);
        continue;
      }
      const allowedRoles = r.access;
      if (isWs(r.url)) {
        const none = await openWs(`${e.url}${r.url}`);
        check(!none.open && none.status === 401, `ws ${r.url} without credentials`);
        const rev = await openWs(`${e.url}${r.url}`, revoked);
        check(!rev.open && rev.status === 401, `ws ${r.url} with a revoked token`);
        const revTv = await openWs(`${e.url}${r.url}`, revokedDisplay);
        check(!revTv.open && revTv.status === 401, `ws ${r.url} with the display cookie of a revoked token`);
        for (const tenant of Object.keys(TENANTS) as Tenant[]) {
          for (const role of ROLE_LIST) {
            const out = await openWs(`${e.url}${r.url}`, creds[tenant][role]);
            if (allowedRoles.includes(role)) {
              const body = out.open ? JSON.stringify(out.first) : '';
              // The live socket opens with its snapshot, the adapters' command socket with {type:'hello', tenant}.
              const greeted = out.open ? out.first.snapshot?.tenant ?? (out.first as { tenant?: string }).tenant : undefined;
              check(greeted === tenant, `ws ${r.url} ${tenant}/${role} should open on its own tenant`);
              for (const [t, mark] of Object.entries(TENANTS)) if (t !== tenant) check(!body.includes(mark), `ws ${r.url} ${tenant}/${role} leaked ${t}`);
            } else check(!out.open && out.status === 403, `ws ${r.url} ${tenant}/${role} should be 403, got ${out.open ? 'open' : out.status}`);
            if (out.open) out.ws.close();
          }
        }
        continue;
      }
      const none = await call(r.method, fill(r.url, null), {});
      check(none.status === 401, `${r.method} ${r.url} without credentials → ${none.status}`);
      const rev = await call(r.method, fill(r.url, null), revoked);
      check(rev.status === 401, `${r.method} ${r.url} revoked token → ${rev.status}`);
      const revTv = await call(r.method, fill(r.url, null, { tenant: 'demo', role: 'display' }), revokedDisplay);
      check(revTv.status === 401, `${r.method} ${r.url} display cookie of a revoked token → ${revTv.status}`);
      for (const tenant of Object.keys(TENANTS) as Tenant[]) {
        const foreign: Tenant = tenant === 'demo' ? 'other' : 'demo';
        for (const role of ROLE_LIST) {
          const allowed = allowedRoles.includes(role);
          const own = await call(r.method, fill(r.url, null, { tenant, role }), creds[tenant][role]);
          const what = `${r.method} ${r.url} as ${tenant}/${role}`;
          if (!allowed) check(own.status === 403, `${what} → ${own.status}, want 403`);
          else check(![401, 403].includes(own.status) && own.status < 500, `${what} → ${own.status}: ${own.body.slice(0, 120)}`);
          check(!own.body.includes(TENANTS[foreign]), `${what} leaked ${foreign}: ${own.body.slice(0, 200)}`);
          if (r.url.includes(':')) {
            const url = fill(r.url, foreign);
            const cross = await call(r.method, url, creds[tenant][role]);
            // an error message may echo the id that was asked for; that is not the other tenant's data
            const body = url.split('/').reduce((b, part) => (part.includes(TENANTS[foreign]) ? b.replaceAll(part, '<id>') : b), cross.body);
            // :NOTE: 400 when the request fails validation before the lookup; 403 when a display is not bound to that board.
            const fine = allowed ? [404, 400, ...(role === 'display' ? [403] : [])] : [403];
            check(fine.includes(cross.status), `${what} on ${foreign}'s id → ${cross.status}`);
            check(!body.includes(TENANTS[foreign]), `${what} on ${foreign}'s id leaked it: ${cross.status} ${body.slice(0, 160)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // the other tenant's user and token survived every cross-tenant DELETE / reset attempt
    expect(await e.running.services.identity.users.get('other', ids.other.user)).not.toBeNull();
    expect((await e.running.services.tokens.list('other')).find((t) => t.id === ids.other.token)?.revokedAt).toBeNull();
    const board = await e.running.app.inject({ method: 'GET', url: `/api/v1/wallboards/${ids.other.wallboard}`, headers: creds.other.admin });
    expect(board.json()).toMatchObject({ name: `${TENANTS.other} board` });
  // … and its schedule every cross-tenant DELETE / PUT / run attempt
  expect(await e.running.services.schedules.store.get('other', ids.other.schedule!)).toMatchObject({ name: 'weekly' });
  });

  it('matrix - a route without config.access makes start-up fail with AccessNotDeclaredError', async () => {
    const bare = Fastify();
    await bare.register(auth, { authenticate: async () => null });
    const boot = async () => {
      await bare.register(async (a) => { a.get('/api/v1/undeclared', async () => ({ ok: true })); });
      await bare.ready();
    };
    await expect(boot()).rejects.toBeInstanceOf(AccessNotDeclaredError);
    const undeclared = async (a: import('fastify').FastifyInstance) => { a.get('/api/v1/also-undeclared', async () => ({})); };
    await expect(buildApp({ services: e.running.services, authenticate: async () => null, extra: [undeclared] })).rejects.toBeInstanceOf(AccessNotDeclaredError);
  });
});
