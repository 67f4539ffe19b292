/**
 * Rows for ClickHouse queued and written in batches a moment after they are queued: the operational stores'
 * history tables (callback history, the ticket log). A batch is retried while storage is unreachable, dropped
 * with an error when ClickHouse refuses it; a row leaves the queue only once stored, so a read that takes the
 * queued rows before it queries finds every row in one or the other.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { classifyStorageError } from './storage-errors.ts';

const BATCH = 5000;
const RETRY_MS = 1000;

export class QueuedInserts<T> {
  private pending: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  /**
   * @param what the rows, as the log names them ("callback history")
   * @param insertOf the table a queued row goes to and its row there
   */
  constructor(
    private readonly ch: ClickHouseClient,
    private readonly log: Logger,
    private readonly what: string,
    private readonly insertOf: (row: T) => { table: string; value: Record<string, unknown> },
    private readonly delayMs = 100,
  ) {}

  push(rows: readonly T[]): void {
    if (!rows.length) return;
    this.pending.push(...rows);
    if (!this.timer && !this.closed) this.timer = setTimeout(() => { this.timer = null; void this.flush(); }, this.delayMs);
  }

  /** The queued rows that match, now (take them before querying the stored ones). */
  queued(match: (row: T) => boolean): T[] {
    return this.pending.filter(match);
  }

  /** Writes what is queued; resolves once it is stored (or dropped as refused by ClickHouse, logged). */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeAll());
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
    this.closed = true;
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.slice(0, BATCH);
      try {
        const byTable = new Map<string, Record<string, unknown>[]>();
        for (const row of batch) {
          const { table, value } = this.insertOf(row);
          const values = byTable.get(table);
          if (values) values.push(value);
          else byTable.set(table, [value]);
        }
        for (const [table, values] of byTable) await this.ch.insert({ table, values, format: 'JSONEachRow' });
        this.pending.splice(0, batch.length);
      } catch (err) {
        if (classifyStorageError(err) !== 'transient') {
          this.log.error({ err, rows: batch.length, first: batch[0] }, `${this.what} refused by ClickHouse: dropped`);
          this.pending.splice(0, batch.length);
          continue;
        }
        if (this.closed) { this.log.error({ err, rows: this.pending.length }, `${this.what} not stored at shutdown`); return; }
        this.log.warn({ err }, `${this.what} write failed; retrying`);
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }
}
