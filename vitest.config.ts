import { defineConfig } from 'vitest/config';

// chdb segfaults under worker threads: every test file runs in its own forked process.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['packages/**/*.test.ts', 'apps/ingest/src/**/*.test.ts', 'nats/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The engine and packages (this config) and the web app's Svelte components and stores (apps/web).
    projects: [{ extends: true, test: { name: 'main' } }, 'apps/web/vitest.config.ts'],
  },
});
