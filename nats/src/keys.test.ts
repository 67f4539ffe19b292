import { describe, expect, it } from 'vitest';
import { CallbackKeys, IdentityKeys, LegacyKeys, TenantKeys, WallboardKeys, type GlobalKeyFamily, type TenantKeyFamily } from './keys.ts';
import { Buckets } from './names.ts';

const perTenant: [string, TenantKeyFamily][] = [
  ['identity.user', IdentityKeys.user],
  ['identity.login', IdentityKeys.login],
  ['identity.tokenIndex', IdentityKeys.tokenIndex],
  ['identity.bootstrap', IdentityKeys.bootstrap],
  ['wallboards.board', WallboardKeys.board],
  ['wallboards.metric', WallboardKeys.metric],
  ['wallboards.seeded', WallboardKeys.seeded],
  ['callbacks.request', CallbackKeys.request],
  ['callbacks.preference', CallbackKeys.preference],
];
const global: [string, GlobalKeyFamily][] = [
  ['identity.token', IdentityKeys.token],
  ['identity.session', IdentityKeys.session],
  ['identity.display', IdentityKeys.display],
  ['identity.throttle', IdentityKeys.throttle],
];
const families = [...perTenant.map(([, f]) => f), ...global.map(([, f]) => f)];
// Tenant slugs chosen to collide with kinds and with each other's prefixes.
const tenants = ['a', 'ab', 'demo', 'session', 'display', 'token', 'board', 'user', 'a_b', '0-9'];
const ids = ['x', 'default', 'board', 'user', 'a.b', '3906123456', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'];

describe('KV keys', () => {
  it.each(perTenant)('keys - %s: key → parse gives back tenant and id; its prefix lists it', (_, f) => {
    for (const tenant of tenants) {
      for (const id of ids) {
        const key = f.key(tenant, id);
        expect(f.parse(key)).toEqual({ tenant, id });
        expect(key.startsWith(f.prefix(tenant))).toBe(true);
      }
    }
  });

  it.each(perTenant)('keys - %s: a key of tenant "a" never lists under tenant "ab" nor the reverse', (_, f) => {
    for (const [mine, other] of [['a', 'ab'], ['ab', 'a'], ['demo', 'demo-2'], ['demo-2', 'demo']]) {
      for (const id of ids) expect(f.key(mine, id).startsWith(f.prefix(other))).toBe(false);
    }
  });

  it.each(global)('keys - %s: key → parse gives back the id; no tenant key parses as it', (_, f) => {
    for (const id of ids) expect(f.parse(f.key(id))).toEqual({ id });
    for (const [, t] of perTenant) for (const tenant of tenants) expect(f.parse(t.key(tenant, 'x'))).toBeNull();
  });

  it('keys - every key is recognised by its own family only, and listed by no other family prefix', () => {
    const all = [
      ...perTenant.flatMap(([, f]) => tenants.flatMap((t) => ids.map((id) => ({ f, key: f.key(t, id) })))),
      ...global.flatMap(([, f]) => ids.map((id) => ({ f, key: f.key(id) }))),
    ];
    for (const { f, key } of all) {
      for (const g of families) expect(g.parse(key) !== null, `${key} by ${g.kind}`).toBe(g === f);
      for (const [, g] of global) if (g !== f) expect(key.startsWith(g.prefix())).toBe(false);
    }
  });

  it('keys - the tenants bucket key is the slug; other layouts are not tenants', () => {
    expect(TenantKeys.tenant.parse(TenantKeys.tenant.key('demo'))).toEqual({ tenant: 'demo' });
    expect(TenantKeys.tenant.parse(IdentityKeys.user.key('demo', 'x'))).toBeNull();
    expect(TenantKeys.tenant.parse(IdentityKeys.session.key('x'))).toBeNull();
  });

  const hash = 'ab'.repeat(32);
  it.each([
    [Buckets.wallboards, 'demo.default', 'demo.board.default'],
    [Buckets.wallboards, 'a_b.sales-1f2e3d', 'a_b.board.sales-1f2e3d'],
    [Buckets.wallboards, 'demo.board.default', null],
    [Buckets.wallboards, 'demo.metric.aht', null],
    [Buckets.wallboards, 'demo.seeded.default', null],
    [Buckets.identity, `token.${hash}`, `_token.${hash}`],
    [Buckets.identity, `session.${hash}`, `_session.${hash}`],
    [Buckets.identity, `display.${hash}`, `_display.${hash}`],
    [Buckets.identity, `throttle.login.${hash.slice(0, 32)}`, `_throttle.login.${hash.slice(0, 32)}`],
    [Buckets.identity, `throttle.ip.${hash.slice(0, 32)}`, `_throttle.ip.${hash.slice(0, 32)}`],
    [Buckets.identity, 'session.user.8c1f', null],
    [Buckets.identity, `display.token.${hash}`, null],
    [Buckets.identity, `_session.${hash}`, null],
    [Buckets.identity, 'demo.user.8c1f', null],
  ])('keys - legacy %s key %s is renamed to %s', (bucket, key, renamed) => {
    expect(LegacyKeys[bucket]!(key)).toBe(renamed);
  });
});
