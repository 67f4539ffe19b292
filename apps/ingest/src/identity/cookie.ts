/** The session cookies: people's (SameSite=Lax) and TVs' (SameSite=Strict), HttpOnly, Path=/, Secure over https (CALLBOARD_COOKIE_SECURE). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { DISPLAY_COOKIE, DISPLAY_SESSION_MS } from './display-sessions.ts';
import { SESSION_COOKIE } from './sessions.ts';

function secure(req: FastifyRequest, config: Config): boolean {
  if (config.CALLBOARD_COOKIE_SECURE !== 'auto') return config.CALLBOARD_COOKIE_SECURE === 'on';
  return req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, config: Config, sessionId: string): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true, sameSite: 'lax', path: '/', secure: secure(req, config), maxAge: config.CALLBOARD_SESSION_MAX_SECONDS,
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: secure(req, config) });
}

/**
 * A TV's display session: SameSite=Strict, since a TV only ever calls its own origin (its page is not
 * authenticated, only the API is). :NOTE: when CALLBOARD_FRAME_ANCESTORS lets other sites frame the
 * pages, a framed TV's requests are cross-site and a Strict cookie never comes back: over https it is
 * then a partitioned SameSite=None cookie (CHIPS), kept per embedding site; the same-origin check
 * still refuses it to other origins' writes and WebSockets.
 */
export function setDisplayCookie(req: FastifyRequest, reply: FastifyReply, config: Config, sessionId: string): void {
  const https = secure(req, config);
  const framed = config.CALLBOARD_FRAME_ANCESTORS.length > 0 && https;
  reply.setCookie(DISPLAY_COOKIE, sessionId, {
    httpOnly: true, sameSite: framed ? 'none' : 'strict', partitioned: framed, path: '/', secure: https, maxAge: DISPLAY_SESSION_MS / 1000,
  });
}
