// Which roles see which pages: a table of cases, longest prefix wins.
import { describe, expect, it } from 'vitest';
import { canSee, type Me, type Role } from './access';

const me = (...roles: Role[]): Me => ({
  tenant: 'demo', tenantName: 'demo', timezone: 'Europe/Rome', role: roles[0], roles, kind: 'session', subject: 'u1', name: 'x', user: null, wallboards: null,
});

describe('canSee', () => {
  const cases: [string, Role[], boolean][] = [
    ['/admin/users', ['admin'], true],
    ['/admin/users', ['supervisor'], true],
    ['/admin/users', ['analyst'], false],
    ['/admin/tokens', ['supervisor'], false],
    ['/admin/audit', ['admin'], true],
    ['/admin', ['supervisor'], false],
    ['/live', ['agent'], false],
    ['/live', ['display'], true],
    ['/builder', ['display'], false],
    ['/builder', ['analyst'], true],
    ['/wallboards/abc', ['agent', 'analyst'], true],
    ['/account', ['agent'], true],
    ['/administrator', ['agent'], true],
    ['/agent', ['agent'], true],
    ['/agent', ['display'], false],
    ['/callbacks', ['supervisor'], true],
    ['/callbacks', ['agent'], false],
    ['/callbacks/dashboard', ['analyst'], true],
    ['/callbacks/dashboard', ['agent'], false],
    ['/reports/queues', ['analyst'], true],
    ['/reports', ['agent'], false],
    ['/reports/agents', ['display'], false],
    ['/exports', ['analyst'], true],
    ['/exports', ['agent'], false],
    ['/exports', ['display'], false],
  ];
  it.each(cases)('%s for %j → %s', (path, roles, expected) => {
    expect(canSee(path, me(...roles))).toBe(expected);
  });
  it('nobody signed in sees only unrestricted pages', () => {
    expect(canSee('/login', null)).toBe(true);
    expect(canSee('/live', null)).toBe(false);
  });
});
