import { describe, expect, it } from 'vitest';
import { Subjects } from './names.ts';

describe('Subjects', () => {
  it('tenantOf gives back the tenant of every per-tenant subject', () => {
    for (const tenant of ['demo', 'acme-2', 'a_b']) {
      expect(Subjects.tenantOf(Subjects.events(tenant, 'call.offered'))).toBe(tenant);
      expect(Subjects.tenantOf(Subjects.live(tenant))).toBe(tenant);
      expect(Subjects.tenantOf(Subjects.command(tenant, 'listen'))).toBe(tenant);
    }
    expect(Subjects.tenantOf('cc')).toBe('');
    expect(Subjects.tenantOf('cc.demo')).toBe('demo');
  });
});
