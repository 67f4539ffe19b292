// Vitest project for the web app: Svelte-compiled components and rune stores (run by the root `npm test` too).
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [svelte()],
  resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)), $formula: fileURLToPath(new URL('../../packages/metrics/src/formula.ts', import.meta.url)), '$callback-metrics': fileURLToPath(new URL('../../packages/metrics/src/callbacks/catalogue.ts', import.meta.url)), '$ticket-metrics': fileURLToPath(new URL('../../packages/metrics/src/tickets/catalogue.ts', import.meta.url)) } },
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // One engine (chdb) per test file, in its own process (chdb segfaults under worker threads).
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
