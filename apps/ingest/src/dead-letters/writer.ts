/**
 * The one writer of dead letters: input callboard could not accept (HTTP rejects, bus messages the
 * engine refused, rows ClickHouse would not store), shaped into `dead_letters` rows and written so
 * that one row ClickHouse refuses never stops the others (split by partition, then halved).
 */
import type { Repository } from '../store/repository.ts';
import { chTime, type DeadLetterRow } from '../store/rows.ts';
import { SafeInsert } from '../store/safe-insert.ts';

/** What a dead letter says; `deadLetter` shapes it into a row. */
export interface DeadLetterInput {
  tenant: string;
  /** Where the input came from: a bus subject, `http:<principal>`, `storage:<table>`. */
  source: string;
  reason: string;
  /** The input as received (text), or a note when it could not be kept. */
  payload: string;
  /** The bus message, "<stream seq>@<publish time ms>" (none for input that never reached the bus). */
  ref?: string;
}

/** Longest reason kept, characters. */
export const MAX_REASON = 2000;
/** Longest payload kept, characters (an event is well under 1 KB; the rest is evidence enough). */
export const MAX_PAYLOAD = 64_000;

/** A `dead_letters` row received at `now` (epoch ms), reason and payload cut to their bounds. */
export function deadLetter(input: DeadLetterInput, now: number = Date.now()): DeadLetterRow {
  const row: DeadLetterRow = {
    tenant: input.tenant, received_at: chTime(now), source: input.source,
    reason: input.reason.slice(0, MAX_REASON), payload: input.payload.slice(0, MAX_PAYLOAD),
  };
  if (input.ref) row.ref = input.ref;
  return row;
}

/** Dead letters ClickHouse refused to store even one by one (the others were stored). */
export class DeadLettersRefusedError extends Error {
  override readonly name = 'DeadLettersRefusedError';
  readonly code = 'DEAD_LETTERS_REFUSED';
  constructor(readonly rows: DeadLetterRow[], cause: Error) {
    super(`ClickHouse refused ${rows.length} dead letter(s): ${cause.message}`, { cause });
  }
}

export class DeadLetterWriter {
  constructor(private readonly repo: Pick<Repository, 'insertDeadLetters'>) {}

  /**
   * A resumable insert of these rows (the committer runs it with its batch and retries it with the
   * batch); rows ClickHouse refuses even alone end in its `rejected`.
   */
  insert(rows: DeadLetterRow[]): SafeInsert<DeadLetterRow> {
    return new SafeInsert({
      whole: () => this.repo.insertDeadLetters(rows),
      items: () => rows,
      insert: (chunk) => this.repo.insertDeadLetters(chunk),
      partition: (d) => d.received_at.slice(0, 7), // toYYYYMM(received_at)
    });
  }

  /**
   * Writes these rows now (input rejected at the HTTP API). Transient failures throw as they come;
   * rows ClickHouse refuses even alone throw DeadLettersRefusedError once the others are stored.
   */
  async write(rows: DeadLetterRow[]): Promise<void> {
    if (rows.length === 0) return;
    const insert = this.insert(rows);
    await insert.run();
    if (insert.rejected.length) throw new DeadLettersRefusedError(insert.rejected.map((r) => r.item), insert.rejected[0].error);
  }
}
