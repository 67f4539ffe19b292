// Vite config: SvelteKit plugin; in dev, /api (HTTP and the live WebSocket) is proxied to a running engine.
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const engine = process.env.CALLBOARD_ENGINE ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/api': { target: engine, changeOrigin: true, ws: true },
    },
  },
});
