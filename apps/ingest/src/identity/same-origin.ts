/**
 * CSRF defence for cookie credentials (sessions, TV display sessions), on top of SameSite: a browser
 * always sends Origin on cross-origin writes and WebSocket handshakes, so a request that changes
 * state (or opens a socket) from another origin does not get the cookie's identity.
 */
import type { FastifyRequest } from 'fastify';

export function sameOrigin(req: FastifyRequest): boolean {
  const safe = (req.method === 'GET' || req.method === 'HEAD') && req.headers.upgrade?.toLowerCase() !== 'websocket';
  const origin = req.headers.origin;
  if (safe || !origin) return true;
  try {
    // :NOTE: req.host is X-Forwarded-Host only when CALLBOARD_TRUST_PROXY trusts the sender; otherwise
    // anyone could name their own origin in that header and pass the check.
    return new URL(origin).host === req.host;
  } catch {
    return false;
  }
}
