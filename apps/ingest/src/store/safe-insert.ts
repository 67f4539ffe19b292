/**
 * One table's rows on their way to ClickHouse, never blocked by a few bad rows: the whole batch is
 * tried in one statement (the usual case); if ClickHouse rejects it, the rows are grouped by
 * partition (at most MAX_PARTITIONS_PER_INSERT per statement) and any group refused is halved until
 * the single rows it refuses are found. Resumable: after a transient failure `run()` goes on from
 * the chunk that failed, never writing a stored chunk twice.
 */
import { classifyStorageError } from './storage-errors.ts';

/**
 * Partitions per INSERT statement. ClickHouse refuses a block over `max_partitions_per_insert_block`
 * (100 by default) with TOO_MANY_PARTS; half of it leaves room.
 */
export const MAX_PARTITIONS_PER_INSERT = 50;

export interface SafeInsertSpec<T> {
  /** Writes every row in one statement (the fast path, no per-row work). */
  whole(): Promise<void>;
  /** The rows one by one; asked for only after `whole` was rejected. */
  items(): T[];
  insert(items: T[]): Promise<void>;
  /** The row's partition (the table's PARTITION BY), e.g. '2026-11'. */
  partition(item: T): string;
}

export interface RejectedRow<T> {
  item: T;
  error: Error;
}

export class SafeInsert<T> {
  /** null: the whole batch is still to be tried. */
  private queue: T[][] | null = null;
  readonly rejected: RejectedRow<T>[] = [];
  /** Statements refused by ClickHouse on the way (for the log). */
  refusals = 0;

  constructor(private readonly spec: SafeInsertSpec<T>) {}

  /** Throws only transient failures (classifyStorageError); call again to resume. */
  async run(): Promise<void> {
    if (this.queue === null) {
      try {
        await this.spec.whole();
        this.queue = [];
        return;
      } catch (err) {
        if (classifyStorageError(err) === 'transient') throw err;
        this.refusals++;
        this.queue = groupByPartition(this.spec.items(), this.spec.partition, MAX_PARTITIONS_PER_INSERT);
      }
    }
    while (this.queue.length > 0) {
      const chunk = this.queue[0];
      try {
        await this.spec.insert(chunk);
        this.queue.shift();
      } catch (err) {
        if (classifyStorageError(err) === 'transient') throw err;
        this.refusals++;
        this.queue.shift();
        if (chunk.length === 1) this.rejected.push({ item: chunk[0], error: err as Error });
        else this.queue.unshift(chunk.slice(0, chunk.length >> 1), chunk.slice(chunk.length >> 1));
      }
    }
  }
}

/** Rows in groups spanning at most `max` partitions each, in first-seen partition order. */
export function groupByPartition<T>(items: T[], partition: (item: T) => string, max: number): T[][] {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = partition(item);
    const list = byKey.get(key);
    if (list) list.push(item);
    else byKey.set(key, [item]);
  }
  const groups: T[][] = [];
  let current: T[] = [];
  let parts = 0;
  for (const list of byKey.values()) {
    if (parts === max) {
      groups.push(current);
      current = [];
      parts = 0;
    }
    for (const item of list) current.push(item); // not push(...list): a spread of 100k+ arguments overflows the stack
    parts++;
  }
  if (current.length) groups.push(current);
  return groups;
}
