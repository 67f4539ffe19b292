/** Passwords and secrets are censored in log lines, at any depth a handler might log them. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACT_PATHS } from './redact.ts';

describe('redact', () => {
  it('redact - password fields, tokens, cookies and auth headers never reach the log', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const log = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    log.info({ password: 'p1-secret', body: { password: 'p2-secret', currentPassword: 'p3-secret', newPassword: 'p4-secret' } }, 'a');
    log.info({ req: { body: { password: 'p5-secret' }, headers: { authorization: 'Bearer p6-secret', cookie: 'cb_session=p7-secret' } } }, 'b');
    log.info({ token: 'p8-secret', created: { token: 'p9-secret', name: 'kept' } }, 'c');
    const all = lines.join('');
    expect(all).not.toMatch(/p\d-secret/);
    expect(all).toContain('kept');
    expect(all).toContain('[redacted]');
  });
});
