import { defineConfig } from 'vitest/config';

// chdb segfaults under worker threads: every test file runs in its own forked process.
export default defineConfig({
  test: {
    pool: 'forks',
    // :NOTE: vitest's default is one fewer fork than cores: a single fork on a 2-core CI machine. Most slow files
    // wait on an engine, nats-server or Chromium rather than compute, so two run side by side. More forks than cores
    // starve the engines the tests spawn (boots past their 60 s readiness limit). --maxWorkers / VITEST_MAX_WORKERS
    // override it.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      // The engine's and packages' own tests: pure logic and single-process I/O, never retried.
      {
        extends: true,
        test: {
          name: 'main',
          include: ['packages/**/*.test.ts', 'apps/ingest/src/**/*.test.ts', 'nats/**/*.test.ts'],
          exclude: ['packages/bus/src/conformance.test.ts'],
        },
      },
      // :NOTE: end-to-end files race real processes (engines, nats-server, Chromium, SMTP) on a shared 2-core
      // machine, where a scheduling stall can outlast any fixed wait. Each such test gets one retry; the reporter
      // marks a test that needed it ("retry x1"), and that mark is a bug to chase, not a pass to ignore. A test
      // that fails twice fails the run.
      {
        extends: true,
        test: { name: 'e2e', include: ['test/**/*.test.ts', 'packages/bus/src/conformance.test.ts'], retry: 1 },
      },
      // The web app's Svelte components and stores.
      'apps/web/vitest.config.ts',
    ],
  },
});
