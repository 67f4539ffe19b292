/** A tenant is rebuilt when its settings really change, after what is pending is stored, once. */
import { defaultTenantSettings, type TenantSettings } from '@callboard/metrics';
import { describe, expect, it } from 'vitest';
import { SettingsRebuild } from './settings-rebuild.ts';
import { TenantState } from './tenant-state.ts';
import type { TenantRegistry } from '../tenants/tenant-registry.ts';

type Listener = (t: { id: string; settings: TenantSettings }) => void;

function setup() {
  let listener: Listener = () => {};
  const tenants = { onChange: (l: Listener) => { listener = l; } } as unknown as TenantRegistry;
  const rome = defaultTenantSettings('Europe/Rome');
  const states = new Map([['demo', new TenantState('demo', rome, Date.now())]]);
  const rebuild = new SettingsRebuild(tenants, states);
  return { rebuild, change: (id: string, settings: TenantSettings) => listener({ id, settings }), rome };
}

describe('settings rebuild', () => {
  it.each<[string, (rome: TenantSettings) => [string, TenantSettings], boolean]>([
    ['the same settings written again', (rome) => ['demo', structuredClone(rome)], false],
    ['a new timezone', (rome) => ['demo', { ...rome, timezone: 'UTC' }], true],
    ['a tenant with no live state yet', (rome) => ['other', { ...rome, timezone: 'UTC' }], false],
  ])('%s: due %s', (_name, make, due) => {
    const { rebuild, change, rome } = setup();
    change(...make(rome));
    expect(rebuild.due).toBe(due);
  });

  it('stores what is pending first, then rebuilds each changed tenant once', async () => {
    const { rebuild, change, rome } = setup();
    change('demo', { ...rome, timezone: 'UTC' });
    const steps: string[] = [];
    await rebuild.run(async () => { steps.push('flush'); }, async (t) => { steps.push(`rebuild ${t}`); });
    await rebuild.run(async () => { steps.push('flush'); }, async (t) => { steps.push(`rebuild ${t}`); });
    expect(steps).toEqual(['flush', 'rebuild demo', 'flush']);
    expect(rebuild.due).toBe(false);
  });
});
