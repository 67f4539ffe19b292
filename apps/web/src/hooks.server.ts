// Adds `frame-ancestors` to the CSP SvelteKit puts on each page (kit.csp in svelte.config.js): the
// allowed framing origins are run-time configuration (CALLBOARD_FRAME_ANCESTORS), kit.csp is build time.
// A TV page is rendered on the server (routes/tv/+layout.ts): its API reads go to the engine in process, and its
// HTML comes dark (the TV theme) from the first paint.
import type { Handle, HandleFetch } from '@sveltejs/kit';

/** Set by the engine on every request it hands to SvelteKit (apps/ingest/src/web/sveltekit.ts), overwriting any client's. */
const FRAME_ANCESTORS_HEADER = 'x-callboard-frame-ancestors';

/** A TV page's `<html>` as lib/tv/TvScreen.svelte sets it in the browser. */
const TV_HTML = '<html lang="en" data-theme="tv" class="tv">';

export const handle: Handle = async ({ event, resolve }) => {
  const tv = event.url.pathname.startsWith('/tv/');
  const response = await resolve(event, tv ? { transformPageChunk: ({ html }) => html.replace('<html lang="en">', TV_HTML) } : undefined);
  const csp = response.headers.get('content-security-policy');
  // :NOTE: without the engine in front (vite dev) nothing may frame the pages: fail closed.
  if (csp) response.headers.set('content-security-policy', `${csp}; frame-ancestors ${event.request.headers.get(FRAME_ANCESTORS_HEADER) ?? "'none'"}`);
  return response;
};

/**
 * A load's `fetch('/api/…')` on the server is answered by the engine in process, with the page request's own
 * credentials (its reader, set on the Node request: app.d.ts). Without the engine (vite dev) it goes to SvelteKit,
 * which has no such route: the load then leaves the reading to the browser.
 */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  const read = event.platform?.req.callboardApi;
  if (read && request.method === 'GET' && url.origin === event.url.origin && url.pathname.startsWith('/api/')) return read(url.pathname + url.search);
  return fetch(request);
};
