/** Serves the built SvelteKit app (apps/web/build, adapter-node) from the engine's Fastify: pages, API and WebSocket on one port. */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { frameAncestors } from '../plugins/app/security-headers.ts';
import { tvLogin } from './tv-login.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/** Where `npm run build --workspace apps/web` writes the adapter-node output. */
export const WEB_BUILD = fileURLToPath(new URL('../../../web/build/', import.meta.url));

/** The header the engine sets so adapter-node derives the page origin from the real request (PORT=0 in tests). */
const PROTO_HEADER = 'x-callboard-proto';

/**
 * The header the engine sets (always overwriting what a client sent) with the `frame-ancestors`
 * sources for the pages' CSP; apps/web/src/hooks.server.ts appends it to SvelteKit's policy.
 */
const FRAME_ANCESTORS_HEADER = 'x-callboard-frame-ancestors';

/**
 * Set by the engine on each request it hands to SvelteKit: a GET of its own API, in process (`app.inject`, no socket),
 * with this request's credentials (cookie, authorization), so every route's access rules apply as to the browser.
 * apps/web/src/hooks.server.ts answers a page's server-side `fetch('/api/v1/…')` with it (a TV page's first numbers
 * are rendered into its HTML). Mirrored by `App.Platform` in apps/web/src/app.d.ts.
 */
export const API_READER = 'callboardApi';
export type ApiReader = (path: string) => Promise<Response>;

/**
 * A Fastify plugin that hands every request no API route matched to SvelteKit.
 * :NOTE: it lives in its own encapsulated context whose only content-type parser
 * leaves the body unread (SvelteKit reads the raw stream), and it runs from the not-found handler
 * after reply.hijack(), so it never shadows Fastify routes or the live WebSocket.
 */
export async function sveltekitPlugin(app: FastifyInstance): Promise<void> {
  return sveltekitPluginFrom(WEB_BUILD)(app);
}

/** The same, from another copy of the build (tests pin a snapshot so a concurrent rebuild cannot pull files from under them). */
export const sveltekitPluginFrom = (dir: string) => async (app: FastifyInstance): Promise<void> => {
  const entry = `${dir.replace(/\/?$/, '/')}handler.js`;
  if (!existsSync(entry)) {
    app.log.warn({ entry }, 'web app not built: run `npm run build --workspace apps/web`; serving the API only');
    return;
  }
  // :TRICKY: adapter-node reads its environment once, when handler.js is imported.
  if (!process.env.ORIGIN) process.env.PROTOCOL_HEADER = PROTO_HEADER;
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: NodeHandler };
  await app.register(async (web) => {
    web.removeAllContentTypeParsers();
    web.addContentTypeParser('*', (_req, _payload, done) => done(null));
    web.setNotFoundHandler(async (req, reply) => {
      if (await tvLogin(req, reply)) return reply;
      reply.hijack();
      req.raw.headers[PROTO_HEADER] = req.protocol;
      req.raw.headers[FRAME_ANCESTORS_HEADER] = frameAncestors(app.config.CALLBOARD_FRAME_ANCESTORS);
      (req.raw as IncomingMessage & Record<typeof API_READER, ApiReader>)[API_READER] = apiReader(web, req.raw);
      handler(req.raw, reply.raw, () => {
        reply.raw.statusCode = 404;
        reply.raw.end('not found');
      });
    });
    // :NOTE: SvelteKit imports a page's server code on its first request (~1 s, several on a busy machine): a TV page
    // is rendered once as the engine starts (with no credentials: its shell), so the first TV to open does not wait.
    web.addHook('onReady', function (done) {
      this.inject({ method: 'GET', url: '/tv/-' }).catch((err: unknown) => app.log.warn({ err }, 'warming the TV page up failed'));
      done();
    });
  });
};

/** The API reader for one request (see API_READER): only GETs of /api/, the request's own credentials. */
function apiReader(app: FastifyInstance, req: IncomingMessage): ApiReader {
  return async (path) => {
    if (!path.startsWith('/api/')) throw new Error(`not an API path: ${path}`);
    const { cookie, authorization } = req.headers;
    const res = await app.inject({ method: 'GET', url: path, headers: { accept: 'application/json', ...(cookie ? { cookie } : {}), ...(authorization ? { authorization } : {}) } });
    return new Response(res.payload, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') } });
  };
}
