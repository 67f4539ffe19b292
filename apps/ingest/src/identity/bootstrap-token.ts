/**
 * The bootstrap admin token of the bootstrap tenant: created once, ever. A marker in the identity KV
 * bucket remembers that it was created, and the token is looked up by its hash whether revoked or
 * not, so a revoked bootstrap token stays revoked across restarts even while
 * CALLBOARD_BOOTSTRAP_TOKEN is still set (docker-compose requires the variable).
 */
import type { Logger } from 'pino';
import type { AuditLog } from './audit.ts';
import type { TokenStore } from './tokens.ts';

export interface BootstrapTokenInput {
  tenant: string;
  /** CALLBOARD_BOOTSTRAP_TOKEN; without it a token is generated on the first start. */
  secret?: string;
}

/** The bootstrap admin token's secret when this start created it (print once), else null. */
export async function bootstrapToken(tokens: TokenStore, audit: AuditLog, log: Logger, input: BootstrapTokenInput): Promise<string | null> {
  const { tenant, secret } = input;
  if (secret) {
    const known = await tokens.lookup(secret);
    if (known?.revokedAt != null) {
      log.warn({ tenant, token: known.id, revokedAt: new Date(known.revokedAt).toISOString() },
        'CALLBOARD_BOOTSTRAP_TOKEN was revoked and stays revoked: remove it from the environment (or set it to a new value only on a fresh data directory); create admin tokens under Admin → Tokens');
      return null;
    }
    if (known) return null;
  }
  const done = await tokens.bootstrapDone(tenant);
  if (done) {
    // :NOTE: a new value after the first start is not a way to mint admin tokens: rotation goes through the API.
    if (secret) log.warn({ tenant, token: done.tokenId, createdAt: new Date(done.createdAt).toISOString() }, 'CALLBOARD_BOOTSTRAP_TOKEN ignored: the bootstrap token of this tenant was created before (a different secret); create admin tokens under Admin → Tokens');
    return null;
  }
  const created = await tokens.create({ tenant, role: 'admin', name: 'bootstrap', createdBy: 'bootstrap', secret });
  await tokens.markBootstrapDone(tenant, created.record.id);
  await audit.record(tenant, null, { ip: '', actorName: 'bootstrap', system: true }, {
    action: 'token.create', target: created.record.id,
    detail: { name: 'bootstrap', role: 'admin', source: secret ? 'CALLBOARD_BOOTSTRAP_TOKEN' : 'generated' },
  });
  log.info({ tenant, token: created.record.id }, 'bootstrap admin token created');
  return created.secret;
}
