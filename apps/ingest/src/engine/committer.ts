/**
 * Writes one batch to ClickHouse so that no row can stall the stream: each table goes through a
 * SafeInsert (whole batch, else by partition, else halved down to the rows ClickHouse refuses);
 * refused rows become dead letters carrying ClickHouse's error; transient failures propagate to
 * `retryTransient`, which retries with capped back-off and resumes where the batch stopped.
 */
import type { AgentInterval, CallFact } from '@callboard/metrics';
import { Subjects } from '@callboard/nats';
import type { Repository } from '../store/repository.ts';
import { factLine, intervalLine, TsvLines, type DeadLetterRow } from '../store/rows.ts';
import { SafeInsert } from '../store/safe-insert.ts';
import { deadLetter, DeadLetterWriter } from '../dead-letters/writer.ts';

/** The batch has not been written and the engine is stopping: it stays unacked; the bus redelivers it. */
export class CommitAbandonedError extends Error {
  override readonly name = 'CommitAbandonedError';
  readonly code = 'COMMIT_ABANDONED';
  constructor(cause: unknown) {
    super(`commit abandoned at shutdown while storage fails: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

export interface BatchRows {
  events: TsvLines;
  dead: DeadLetterRow[];
  facts: CallFact[];
  intervals: AgentInterval[];
}

/** TSV fields of a line (without its newline), unescaped only where needed for a dead letter's payload. */
const fields = (line: string) => line.slice(0, -1).split('\t');
const unTsv = (s: string) => s.replace(/\\([tnr\\])/g, (_m, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c]!);
const lines = (text: string) => text.split(/(?<=\n)/);

export class BatchCommit {
  private readonly events: SafeInsert<string>;
  private readonly facts: SafeInsert<string>;
  private readonly intervals: SafeInsert<string>;
  private dead: SafeInsert<DeadLetterRow> | null = null;
  /** Rows refused by ClickHouse or not serialisable, now dead letters (tenant, reason). */
  readonly rejected: DeadLetterRow[] = [];
  private readonly deadLetters: DeadLetterWriter;

  constructor(repo: Repository, private readonly batch: BatchRows, retention: (tenant: string) => number, private readonly now = Date.now()) {
    this.deadLetters = new DeadLetterWriter(repo);
    const factLines = this.serialise(batch.facts, (f) => factLine(f, retention(f.tenant)), 'call_facts', (f) => f.tenant);
    const intervalLines = this.serialise(batch.intervals, (i) => intervalLine(i, retention(i.tenant)), 'agent_states', (i) => i.tenant);
    this.events = new SafeInsert({
      whole: () => repo.insertEvents(batch.events),
      items: () => lines(batch.events.text()),
      insert: (chunk) => repo.insertEvents(TsvLines.of(chunk)),
      partition: (line) => fields(line)[3].slice(0, 7), // toYYYYMM(ts)
    });
    this.facts = this.tsvTable(factLines, (l) => repo.insertFactLines(l), 7); // toYYYYMM(day)
    this.intervals = this.tsvTable(intervalLines, (l) => repo.insertIntervalLines(l), 5); // toYYYYMM(day)
  }

  /** Writes what is left of the batch; throws only transient failures (call again to resume). */
  async run(): Promise<void> {
    await this.events.run();
    await this.facts.run();
    await this.intervals.run();
    if (!this.dead) {
      for (const r of this.events.rejected) this.rejectEvent(r.item, r.error);
      this.rejectRows('call_facts', this.facts.rejected);
      this.rejectRows('agent_states', this.intervals.rejected);
      this.dead = this.deadLetters.insert([...this.batch.dead, ...this.rejected]);
    }
    await this.dead.run();
  }

  /** Dead letters ClickHouse refused to store too (logged by the caller: nowhere else to keep them). */
  get lostDeadLetters(): DeadLetterRow[] {
    return this.dead?.rejected.map((r) => r.item) ?? [];
  }

  /** Statements ClickHouse refused while isolating bad rows. */
  get refusals(): number {
    return this.events.refusals + this.facts.refusals + this.intervals.refusals + (this.dead?.refusals ?? 0);
  }

  private tsvTable(all: string[], insert: (l: TsvLines) => Promise<void>, partitionField: number): SafeInsert<string> {
    return new SafeInsert({
      whole: () => insert(TsvLines.of(all)),
      items: () => all,
      insert: (chunk) => insert(TsvLines.of(chunk)),
      partition: (line) => fields(line)[partitionField].slice(0, 7),
    });
  }

  /** Lines of rows; a row that cannot be written as a line (a time out of range) becomes a dead letter. */
  private serialise<T>(rows: T[], toLine: (row: T) => string, table: string, tenantOf: (row: T) => string): string[] {
    const out: string[] = [];
    for (const row of rows) {
      try {
        out.push(toLine(row));
      } catch (err) {
        this.rejected.push(this.deadRow(tenantOf(row), `storage:${table}`, `${table} row not written: ${(err as Error).message}`, safeJson(row)));
      }
    }
    return out;
  }

  private rejectEvent(line: string, error: Error): void {
    const [tenant, , , , type, , , , payload] = fields(line);
    this.rejected.push(this.deadRow(tenant, Subjects.events(tenant, type), `ClickHouse refused the event: ${error.message}`, unTsv(payload ?? '')));
  }

  private rejectRows(table: string, rows: { item: string; error: Error }[]): void {
    for (const r of rows) this.rejected.push(this.deadRow(fields(r.item)[0], `storage:${table}`, `ClickHouse refused the ${table} row: ${r.error.message}`, r.item));
  }

  private deadRow(tenant: string, source: string, reason: string, payload: string): DeadLetterRow {
    return deadLetter({ tenant, source, reason, payload }, this.now);
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch (err) {
    return `(not serialisable: ${(err as Error).message})`;
  }
}

export interface RetryOptions {
  /** Called after each transient failure with the number of consecutive failures so far. */
  onFailure(err: unknown, failures: number): void;
  /** Called once the attempt succeeds after at least one failure. */
  onRecovered(): void;
  /** True once the engine is stopping: back-off sleeps are cut short. */
  stopping(): boolean;
  /** True when retrying should end (the engine is stopping and its grace time is over). */
  giveUp(): boolean;
  /** Resolves when the engine starts stopping, so a back-off sleep begun before does not hold the shutdown. */
  wake: Promise<void>;
}

/** Back-off between attempts: 200 ms doubling, at most 10 s (250 ms once stopping). */
export const backoffMs = (failures: number) => Math.min(10_000, 200 * 2 ** Math.min(failures, 10));

/** Runs `attempt` until it succeeds; throws CommitAbandonedError once `giveUp()` says so after a failure. */
export async function retryTransient(attempt: () => Promise<void>, o: RetryOptions): Promise<void> {
  for (let failures = 0; ; ) {
    try {
      await attempt();
      if (failures > 0) o.onRecovered();
      return;
    } catch (err) {
      failures++;
      o.onFailure(err, failures);
      if (o.giveUp()) throw new CommitAbandonedError(err);
      const stopping = o.stopping();
      let timer: NodeJS.Timeout | undefined;
      const sleep = new Promise((r) => { timer = setTimeout(r, stopping ? Math.min(250, backoffMs(failures)) : backoffMs(failures)); });
      await (stopping ? sleep : Promise.race([sleep, o.wake]));
      clearTimeout(timer);
    }
  }
}
