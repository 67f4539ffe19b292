// Vite config: SvelteKit plugin; the TV pages' code in one chunk; in dev, /api (HTTP and the live WebSocket) is proxied to a running engine.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

const engine = process.env.CALLBOARD_ENGINE ?? 'http://127.0.0.1:3000';

/** The modules a TV page starts from: SvelteKit's client entry and app manifest, the root layout and the TV routes. */
const TV_ROOTS = [/@sveltejs[\\/]kit[\\/]src[\\/]runtime[\\/]client[\\/]entry\.js$/, /generated[\\/]client-optimized[\\/]app\.js$/,
  /src[\\/]routes[\\/]\+layout\.(ts|svelte)$/, /src[\\/]routes[\\/]tv[\\/].*\+page\.svelte$/];

/**
 * Puts every module a TV page loads at start (what the roots above import, statically, transitively) into one chunk.
 * :NOTE: split by sharing alone, the TV's code came in ~25 chunks; a TV opening on a busy machine waited for each
 * request in turn (6 at a time over HTTP/1.1), most of its first second (issue 13, bench/tv/first-numbers.ts). Other
 * pages load this chunk too (they share most of it: Svelte, SvelteKit, zod, the widgets); their own code stays split.
 */
function tvChunk(): Plugin {
  const tv = new Set<string>();
  return {
    name: 'callboard:tv-chunk',
    apply: 'build',
    // The browser's build only: SvelteKit's server build (config.build.ssr, set by its plugin) keeps its own chunks.
    config: (config) => config.build?.ssr ? undefined
      : { build: { rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'tv', test: (id: string) => tv.has(id) }] } } } } },
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const todo = ids.filter((id) => TV_ROOTS.some((r) => r.test(id)));
      const seen = new Set<string>();
      while (todo.length) {
        const id = todo.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        const info = this.getModuleInfo(id);
        // Entries (SvelteKit's start and app, the route nodes) keep their own small chunks and import this one.
        if (info && !info.isEntry) tv.add(id);
        todo.push(...(info?.importedIds ?? []));
      }
    },
  };
}

export default defineConfig({
  plugins: [sveltekit(), tvChunk()],
  server: {
    proxy: {
      '/api': { target: engine, changeOrigin: true, ws: true },
    },
  },
});
