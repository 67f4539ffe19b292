/**
 * The Node versions callboard supports (README, "Node versions"): 20 from 20.19, 22 from 22.13, 24 — checked against
 * what every installed package declares (`engines.node` in package-lock.json), the same ranges npm checks on install
 * (EBADENGINE). A dependency that drops one of these lines fails here before it fails a user's install.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const SUPPORTED = ['20.19.0', '22.13.0', '24.0.0'];
const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { engines?: unknown }> };

describe('node versions', () => {
  it.each(SUPPORTED)('Node %s satisfies callboard\'s own engines field and every installed package\'s', (version) => {
    expect(semver.satisfies(version, root.engines.node), `package.json engines.node ${root.engines.node}`).toBe(true);
    const refused = Object.entries(lock.packages)
      .flatMap(([name, p]) => {
        const range = p.engines && typeof p.engines === 'object' && 'node' in p.engines ? String((p.engines as { node: unknown }).node) : null;
        return range && !semver.satisfies(version, range) ? [`${name || '(root)'}: ${range}`] : [];
      });
    expect(refused).toEqual([]);
    expect(Object.values(lock.packages).filter((p) => p.engines).length).toBeGreaterThan(100);
  });

  it('the Node running the tests is one of them', () => {
    const line = SUPPORTED.find((v) => semver.major(v) === semver.major(process.version));
    expect(line, process.version).toBeDefined();
    expect(semver.gte(process.version, line!)).toBe(true);
  });
});
