/**
 * The ticket tables in ClickHouse: `ticket_log` (the operation log), `tickets` (the last snapshot of each ticket,
 * for reports and exports) and `ticket_versions` (every version's figure-bearing fields, for the metrics' SQL). Rows are queued and written in small batches, retried while storage
 * is unreachable; a ticket's log read merges the stored rows with those still queued, so it is complete the
 * moment the change is answered.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { handlerOf, type LogLine, type Ticket, type TicketLogEntry } from '@callboard/metrics';
import { chTime } from '../store/rows.ts';
import { QueuedInserts } from '../store/queued-inserts.ts';

const toMs = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);
const time = (ms: number | null) => chTime(ms ?? 0);

export interface LogRow extends TicketLogEntry {
  tenant: string;
}

/** The log rows of one stored change: seq = revision × 256 + position. */
export function logRows(t: Ticket, revision: number, lines: readonly LogLine[], at: number, actor: { id: string; name: string }): LogRow[] {
  return lines.slice(0, 256).map((l, i) => ({
    tenant: t.tenant, ticketId: t.id, seq: revision * 256 + i, at, actor: actor.id, actorName: actor.name,
    action: l.action, field: l.field, oldValue: l.oldValue, newValue: l.newValue,
  }));
}

/** A ticket as a row of `tickets`. */
export function snapshotRow(t: Ticket, revision: number) {
  const h = handlerOf(t);
  return {
    tenant: t.tenant, id: t.id, version: revision, series: t.series, number: t.number, date: t.date, created_at: time(t.createdAt), updated_at: time(t.updatedAt),
    client: t.client, contact_person: t.contactPerson, type: t.type, subject: t.subject, product: t.product, serial_lot: t.serialLot, priority: t.priority,
    status: t.status, confirmed: t.confirmed ? 1 : 0, taken_by: t.takenBy.id, taken_by_name: t.takenBy.name, verified_by: t.verifiedBy?.id ?? '',
    verified_by_name: t.verifiedBy?.name ?? '', handler: h?.id ?? '', handler_name: h?.name ?? '', team: t.team.map((m) => m.id), team_names: t.team.map((m) => m.name),
    scheduled_start: time(t.scheduledStart), scheduled_end: time(t.scheduledEnd), allocated_at: time(t.allocatedAt), finalised_at: time(t.finalisedAt),
    cancelled_at: time(t.cancelledAt), phone: t.phone, email: t.email, address: t.address, locality: t.locality, region: t.region, country: t.country,
    contract: t.contract, estimate: t.estimate, remarks: t.remarks, source_kind: t.source?.kind ?? '', source_call_id: t.source?.callId ?? '',
    source_queue: t.source?.queue ?? '', source_callback: t.source?.callbackId ?? '', notes: t.notes.length, attachments: t.attachments.length,
  };
}

/** A ticket's figure-bearing fields as a row of `ticket_versions` (migration 014): one per stored change, kept. */
export function versionRow(t: Ticket, revision: number) {
  const h = handlerOf(t);
  return {
    tenant: t.tenant, id: t.id, version: revision, updated_at: time(t.updatedAt), created_at: time(t.createdAt), type: t.type,
    handler: h?.id ?? '', handler_name: h?.name ?? '', status: t.status, scheduled_end: time(t.scheduledEnd),
    finalised_at: time(t.finalisedAt), cancelled_at: time(t.cancelledAt),
  };
}

type Pending = { table: 'ticket_log'; row: LogRow } | { table: 'tickets'; row: ReturnType<typeof snapshotRow> } | { table: 'ticket_versions'; row: ReturnType<typeof versionRow> };

export class TicketLogStore {
  private readonly queue: QueuedInserts<Pending>;

  constructor(private readonly ch: ClickHouseClient, log: Logger, delayMs = 100) {
    this.queue = new QueuedInserts(ch, log, 'ticket rows', (p) => ({ table: p.table, value: p.table === 'ticket_log' ? this.stored(p.row) : p.row }), delayMs);
  }

  /** Queues a stored change: its log rows, the ticket's snapshot and its version. */
  append(t: Ticket, revision: number, rows: LogRow[]): void {
    this.queue.push([
      ...rows.map((row): Pending => ({ table: 'ticket_log', row })),
      { table: 'tickets', row: snapshotRow(t, revision) }, { table: 'ticket_versions', row: versionRow(t, revision) },
    ]);
  }

  /** Writes what is queued; resolves once it is stored (or dropped as refused by ClickHouse, logged). */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** The operation log of one ticket, in the order the changes were made. */
  async read(tenant: string, ticketId: string): Promise<TicketLogEntry[]> {
    // Taken before the query: a row leaves the queue only once stored (see QueuedInserts).
    const queuedBefore = this.queue.queued((p) => p.table === 'ticket_log' && p.row.tenant === tenant && p.row.ticketId === ticketId);
    const res = await this.ch.query({
      query: 'SELECT * FROM ticket_log FINAL WHERE tenant = {tenant:String} AND ticket_id = {id:String} ORDER BY seq',
      query_params: { tenant, id: ticketId }, format: 'JSONEachRow',
    });
    const stored = (await res.json<Record<string, string>>()).map((r): TicketLogEntry => ({
      at: toMs(r.ts), ticketId: r.ticket_id, seq: Number(r.seq), actor: r.actor, actorName: r.actor_name, action: r.action as TicketLogEntry['action'],
      field: r.field, oldValue: r.old_value, newValue: r.new_value,
    }));
    const seen = new Set(stored.map((r) => r.seq));
    const queued = queuedBefore.flatMap((p) => (p.table === 'ticket_log' && !seen.has(p.row.seq) ? [p.row] : []))
      .map(({ tenant: _t, ...e }) => e);
    return [...stored, ...queued].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Queues the snapshot and version of each ticket whose KV revision is newer than what `tickets` or `ticket_versions`
   * holds: the write an engine stopped by a crash (kill -9, power) between the KV change and the insert never made.
   * Answers how many tickets were behind. The lost change's log lines cannot be rebuilt; the ticket's state can.
   */
  async restoreMissing(current: Iterable<{ ticket: Ticket; revision: number }>): Promise<number> {
    const latest = async (table: 'tickets' | 'ticket_versions') => {
      const res = await this.ch.query({ query: `SELECT tenant, id, max(version) AS v FROM ${table} GROUP BY tenant, id`, format: 'JSONEachRow' });
      return new Map((await res.json<{ tenant: string; id: string; v: string }>()).map((r) => [`${r.tenant}/${r.id}`, Number(r.v)]));
    };
    const [snapshots, versions] = [await latest('tickets'), await latest('ticket_versions')];
    const behind: Pending[] = [];
    let n = 0;
    for (const { ticket: t, revision } of current) {
      const key = `${t.tenant}/${t.id}`;
      const missing: Pending[] = [];
      if ((snapshots.get(key) ?? 0) < revision) missing.push({ table: 'tickets', row: snapshotRow(t, revision) });
      if ((versions.get(key) ?? 0) < revision) missing.push({ table: 'ticket_versions', row: versionRow(t, revision) });
      if (missing.length) n++;
      behind.push(...missing);
    }
    if (behind.length) this.queue.push(behind);
    return n;
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private stored(r: LogRow) {
    return {
      tenant: r.tenant, ticket_id: r.ticketId, seq: r.seq, ts: chTime(r.at), actor: r.actor, actor_name: r.actorName, action: r.action,
      field: r.field, old_value: r.oldValue, new_value: r.newValue,
    };
  }
}
