/**
 * callback_history in ClickHouse: rows are queued and written in small batches (retried while storage
 * is unreachable); reads merge the stored rows with those still queued, so a request's history is
 * complete the moment its step is answered.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { historyEntry, historyRows, SEQ_PER_REVISION, type CallbackHistoryEntry, type CallbackHistoryRow, type CallbackRequest } from '@callboard/metrics';
import { chTime } from '../store/rows.ts';
import { QueuedInserts } from '../store/queued-inserts.ts';

interface StoredRow {
  tenant: string; request_id: string; cycle: number; seq: string; ts: string; caller: string; action: string; actor: string; actor_name: string;
  reason: string; outcome: string; note: string; tags: string[]; queue: string; call_id: string; target: string; status_after: string;
  hidden_after: number; queue_after: string; first_call_after: string; booked_until_after: string; close_reason_after: string;
}

const toMs = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);

export class CallbackHistoryStore {
  private readonly queue: QueuedInserts<CallbackHistoryRow>;

  constructor(private readonly ch: ClickHouseClient, log: Logger, private readonly retentionDays: (tenant: string) => number, delayMs = 100) {
    this.queue = new QueuedInserts(ch, log, 'callback history', (r) => ({ table: 'callback_history', value: this.stored(r) }), delayMs);
  }

  append(rows: CallbackHistoryRow[]): void {
    this.queue.push(rows);
  }

  /** Writes what is queued; resolves once it is stored (or dropped as refused by ClickHouse, logged). */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Every history entry of one request, all cycles, in the order the steps were taken. */
  async read(tenant: string, requestId: string): Promise<CallbackHistoryEntry[]> {
    // :NOTE: the queued rows are taken before the query: a row leaves the queue only once stored, so it is in one or
    // the other (or both: deduplicated by seq). Taken after, a batch stored during the query would be in neither.
    const queuedBefore = this.queue.queued((r) => r.tenant === tenant && r.requestId === requestId);
    const res = await this.ch.query({
      query: `SELECT * FROM callback_history FINAL WHERE tenant = {tenant:String} AND request_id = {id:String} ORDER BY seq`,
      query_params: { tenant, id: requestId }, format: 'JSONEachRow',
    });
    const stored = (await res.json<StoredRow>()).map((r) => this.fromStored(r));
    const seen = new Set(stored.map((r) => r.seq));
    const queued = queuedBefore.filter((r) => !seen.has(r.seq));
    return [...stored, ...queued].sort((a, b) => a.seq - b.seq).map(historyEntry);
  }

  /**
   * Queues a 'recovered' row for each request whose KV revision is newer than callback_history's last row: the rows of
   * a step an engine stopped by a crash (kill -9, power) between the KV change and the insert never wrote. The row
   * carries the request's state as stored (status, hidden, queue, booking), at its last change, in the last seq slot of
   * its revision (never a real step's). Answers how many requests were behind.
   */
  async restoreMissing(current: Iterable<{ request: CallbackRequest; revision: number }>): Promise<number> {
    const res = await this.ch.query({ query: 'SELECT tenant, request_id, max(seq) AS s FROM callback_history GROUP BY tenant, request_id', format: 'JSONEachRow' });
    const last = new Map((await res.json<{ tenant: string; request_id: string; s: string }>()).map((r) => [`${r.tenant}/${r.request_id}`, Number(r.s)]));
    const rows: CallbackHistoryRow[] = [];
    for (const { request: r, revision } of current) {
      if ((last.get(`${r.tenant}/${r.id}`) ?? -1) >= revision * SEQ_PER_REVISION) continue;
      const entry: CallbackHistoryEntry = {
        at: r.updatedAt, requestId: r.id, cycle: r.cycle, action: 'recovered', actor: 'system', actorName: 'system',
        reason: 'the record of this step was lost when the engine stopped; the request is as stored', outcome: null, note: null, tags: [],
        queue: null, callId: null, target: null,
      };
      const [row] = historyRows(r, [entry], revision);
      rows.push({ ...row, seq: revision * SEQ_PER_REVISION + SEQ_PER_REVISION - 1 });
    }
    if (rows.length) this.queue.push(rows);
    return rows.length;
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private stored(r: CallbackHistoryRow) {
    return {
      tenant: r.tenant, request_id: r.requestId, cycle: r.cycle, seq: r.seq, ts: chTime(r.ts), caller: r.caller, action: r.action,
      actor: r.actor, actor_name: r.actorName, reason: r.reason, outcome: r.outcome, note: r.note, tags: r.tags, queue: r.queue,
      call_id: r.callId, target: r.target, status_after: r.statusAfter, hidden_after: r.hiddenAfter ? 1 : 0, queue_after: r.queueAfter,
      first_call_after: chTime(r.firstCallAfter), booked_until_after: chTime(r.bookedUntilAfter), close_reason_after: r.closeReasonAfter,
      retain_until: new Date(Date.now() + this.retentionDays(r.tenant) * 86_400_000).toISOString().slice(0, 10),
    };
  }

  private fromStored(r: StoredRow): CallbackHistoryRow {
    return {
      tenant: r.tenant, requestId: r.request_id, cycle: Number(r.cycle), seq: Number(r.seq), ts: toMs(r.ts), caller: r.caller,
      action: r.action as CallbackHistoryRow['action'], actor: r.actor, actorName: r.actor_name, reason: r.reason, outcome: r.outcome,
      note: r.note, tags: r.tags, queue: r.queue, callId: r.call_id, target: r.target, statusAfter: r.status_after as CallbackHistoryRow['statusAfter'],
      hiddenAfter: Number(r.hidden_after) === 1, queueAfter: r.queue_after, firstCallAfter: toMs(r.first_call_after),
      bookedUntilAfter: toMs(r.booked_until_after), closeReasonAfter: r.close_reason_after,
    };
  }
}
