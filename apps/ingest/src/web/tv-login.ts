/**
 * A TV's first load: `/tv/<id>?token=…` or `/tv/playlist?…&token=…`. The display token is traded
 * for an HttpOnly display-session cookie and the browser is sent to the same URL without `token`,
 * so the secret leaves the address bar (and every later Referer, proxy log and history entry); the
 * cookie then authenticates the page's API calls and its WebSocket.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setDisplayCookie } from '../identity/cookie.ts';
import { DISPLAY_COOKIE } from '../identity/display-sessions.ts';

/** Answers the request (a redirect) when it is a TV URL carrying a token; false otherwise. */
export async function tvLogin(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const url = new URL(req.url, 'http://callboard.invalid');
  const secret = url.searchParams.get('token');
  if (!url.pathname.startsWith('/tv/') || secret === null) return false;
  const { displays, config } = req.server;
  const session = await displays.exchange(secret, req.cookies[DISPLAY_COOKIE]);
  // :NOTE: a wrong, revoked or non-display token is dropped from the URL all the same: the page then
  // says the credentials are missing or revoked, and no admin token ever becomes a TV cookie.
  if (session) setDisplayCookie(req, reply, config, session);
  url.searchParams.delete('token');
  await reply.code(303).header('cache-control', 'no-store').header('location', `${url.pathname}${url.search}`).send();
  return true;
}
