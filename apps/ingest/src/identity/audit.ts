/** The audit log in ClickHouse (table audit_log, migration 003): append one row per action, read a tenant's rows. */
import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuditEntry, AuditQuery } from '@callboard/api';
import type { Principal } from './roles.ts';

export interface AuditInput {
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
  outcome?: 'ok' | 'denied';
}

interface Row {
  tenant: string; at: string; actor: string; actor_name: string; actor_kind: string; actor_role: string;
  action: string; target: string; detail: string; ip: string; outcome: string;
}

export class AuditLog {
  constructor(private readonly ch: ClickHouseClient, private readonly log: Logger) {}

  /** Record what `who` did; awaited so the entry is readable when the response is sent. */
  async record(tenant: string, who: Principal | null, meta: { ip: string; actorName?: string; system?: boolean }, input: AuditInput): Promise<void> {
    const row: Row = {
      tenant, at: new Date().toISOString().replace('T', ' ').replace('Z', ''),
      actor: who?.subject ?? '', actor_name: meta.actorName ?? who?.user?.login ?? '',
      actor_kind: who?.kind ?? (meta.system ? 'system' : 'anonymous'), actor_role: who?.role ?? '',
      action: input.action, target: input.target ?? '', detail: JSON.stringify(input.detail ?? {}), ip: meta.ip,
      outcome: input.outcome ?? 'ok',
    };
    try {
      await this.ch.insert({ table: 'audit_log', values: [row], format: 'JSONEachRow' });
    } catch (err) {
      // :NOTE: the action already happened; losing its audit row is logged loudly rather than undoing it.
      this.log.error({ err, audit: { ...row, detail: undefined } }, 'audit write failed');
    }
  }

  /** Shorthand for a route: the principal and IP come from the request. */
  fromRequest(req: FastifyRequest, input: AuditInput): Promise<void> {
    const p = req.principal;
    if (!p) throw new Error('audit fromRequest needs an authenticated request');
    return this.record(p.tenant, p, { ip: req.ip, actorName: p.user?.login ?? p.name }, input);
  }

  async query(tenant: string, q: AuditQuery): Promise<AuditEntry[]> {
    const where = ['tenant = {tenant:String}'];
    if (q.from) where.push('at >= parseDateTime64BestEffort({from:String}, 3)');
    if (q.to) where.push('at < parseDateTime64BestEffort({to:String}, 3)');
    if (q.action?.endsWith('.')) where.push('startsWith(action, {action:String})');
    else if (q.action) where.push('action = {action:String}');
    if (q.actor) where.push('actor = {actor:String}');
    const rs = await this.ch.query({
      query: `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC LIMIT {limit:UInt32}`,
      query_params: { tenant, from: q.from, to: q.to, action: q.action, actor: q.actor, limit: q.limit },
      format: 'JSONEachRow',
    });
    return (await rs.json<Row>()).map((r) => ({
      tenant: r.tenant, at: `${r.at.replace(' ', 'T')}Z`, actor: r.actor, actorName: r.actor_name,
      actorKind: r.actor_kind as AuditEntry['actorKind'], actorRole: r.actor_role, action: r.action, target: r.target,
      detail: JSON.parse(r.detail) as Record<string, unknown>, ip: r.ip, outcome: r.outcome as AuditEntry['outcome'],
    }));
  }
}
