/** The audit log: one entry, and the query of GET /api/v1/audit. */
import { z } from 'zod';

export const AuditEntry = z.object({
  tenant: z.string(),
  at: z.string().describe('ISO-8601 UTC'),
  actor: z.string(),
  actorName: z.string(),
  actorKind: z.enum(['session', 'token', 'anonymous', 'system']),
  actorRole: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
  ip: z.string(),
  outcome: z.enum(['ok', 'denied']),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe('inclusive, ISO-8601'),
  to: z.iso.datetime({ offset: true }).optional().describe('exclusive, ISO-8601'),
  action: z.string().regex(/^[a-z.]+$/).optional().describe('exact action, or a prefix ending with "." (e.g. "user.")'),
  actor: z.string().max(120).optional().describe('user or token id'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditLog = z.object({ entries: z.array(AuditEntry) });
export type AuditLog = z.infer<typeof AuditLog>;
