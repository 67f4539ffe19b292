/** Log redaction paths for pino: passwords and secrets never reach the engine log, whatever object carries them. */
export const REDACT_PATHS = [
  'password', 'currentPassword', 'newPassword', 'token', 'secret',
  '*.password', '*.currentPassword', '*.newPassword', '*.token', '*.secret',
  '*.*.password', '*.*.currentPassword', '*.*.newPassword',
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
];
