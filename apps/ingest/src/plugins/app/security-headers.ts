/**
 * Browser-side defences on every answer, through @fastify/helmet: a Content-Security-Policy that
 * loads nothing (API answers are data, never a document that runs code), no framing except by the
 * origins in CALLBOARD_FRAME_ANCESTORS, nosniff, no Referer. Pages get their own script/style policy
 * from SvelteKit (kit.csp in apps/web/svelte.config.js, nonces for its inline boot script); helmet
 * writes to the raw response before the web handler's reply.hijack(), so pages keep every other
 * header and SvelteKit's policy replaces this one. The web app adds the same frame-ancestors to its
 * policy from FRAME_ANCESTORS_HEADER (web/sveltekit.ts sets it on each request).
 */
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The `frame-ancestors` source list: the allowed origins, or 'none'. */
export function frameAncestors(origins: readonly string[]): string {
  return origins.length ? origins.join(' ') : "'none'";
}

export default fp(async function securityHeaders(app: FastifyInstance, opts: { frameAncestors: readonly string[] }) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        // :NOTE: a page opened on an API URL (JSON shown as text) may still call the API (tests, devtools).
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: [frameAncestors(opts.frameAncestors)],
      },
    },
    // X-Frame-Options knows only DENY / SAMEORIGIN: with allowed origins, frame-ancestors alone decides.
    frameguard: opts.frameAncestors.length ? false : { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // :NOTE: HSTS belongs to whoever terminates TLS (the reverse proxy); set here it would also pin
    // plain-http LAN installs the first time someone reaches them over https.
    strictTransportSecurity: false,
  });
}, { name: 'security-headers' });
