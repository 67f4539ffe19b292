// SvelteKit config: adapter-node builds build/handler.js, mounted inside the engine's Fastify (STACK.md).
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build', precompress: true }),
    alias: {
      // The formula evaluator alone: TV pages evaluate custom metrics without loading the whole metrics package.
      $formula: '../../packages/metrics/src/formula.ts',
    },
  },
};
