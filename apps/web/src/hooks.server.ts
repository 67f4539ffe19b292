// Adds `frame-ancestors` to the CSP SvelteKit puts on each page (kit.csp in svelte.config.js): the
// allowed framing origins are run-time configuration (CALLBOARD_FRAME_ANCESTORS), kit.csp is build time.
// A TV page's HTML also names the API answers it reads first (lib/tv/preload.ts), fetched while its code loads.
import type { Handle } from '@sveltejs/kit';
import { tvPreloadLink } from '$lib/tv/preload.ts';

/** Set by the engine on every request it hands to SvelteKit (apps/ingest/src/web/sveltekit.ts), overwriting any client's. */
const FRAME_ANCESTORS_HEADER = 'x-callboard-frame-ancestors';

export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  const csp = response.headers.get('content-security-policy');
  // :NOTE: without the engine in front (vite dev) nothing may frame the pages: fail closed.
  if (csp) response.headers.set('content-security-policy', `${csp}; frame-ancestors ${event.request.headers.get(FRAME_ANCESTORS_HEADER) ?? "'none'"}`);
  const preload = response.status === 200 && response.headers.get('content-type')?.startsWith('text/html') ? tvPreloadLink(event.url) : '';
  if (preload) response.headers.append('link', preload);
  return response;
};
