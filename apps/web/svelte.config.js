// SvelteKit config: adapter-node builds build/handler.js, mounted inside the engine's Fastify (apps/ingest/src/web/sveltekit.ts).
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build', precompress: true }),
    // Styles under 20 KB go into the page's <head> instead of a <link>: a TV page rendered on the server paints its
    // numbers without waiting for a render-blocking stylesheet request (the TV's own CSS is ~14 KB).
    inlineStyleThreshold: 20_000,
    // A strict Content-Security-Policy on every page: scripts only from this origin plus SvelteKit's
    // own inline boot script (a per-response nonce, mode auto). Styles allow inline: Svelte sets style
    // attributes and transitions inject <style>. frame-ancestors is appended at run time by
    // src/hooks.server.ts from CALLBOARD_FRAME_ANCESTORS (the engine passes it on each request).
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
      },
    },
    alias: {
      // The formula evaluator alone: TV pages evaluate custom metrics without loading the whole metrics package.
      $formula: '../../packages/metrics/src/formula.ts',
      // The catalogue's callback metrics alone (their live value from a queue's callback figures), for the same reason.
      '$callback-metrics': '../../packages/metrics/src/callbacks/catalogue.ts',
      // The catalogue's ticket metrics alone (their value from the tenant's ticket figures), likewise.
      '$ticket-metrics': '../../packages/metrics/src/tickets/catalogue.ts',
    },
  },
};
