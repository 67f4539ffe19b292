/**
 * Classifies a failed ClickHouse write: `transient` when retrying can fix it (the server is down,
 * busy, out of memory or disk, or not set up yet: the rows are not at fault) and `rejected` when
 * ClickHouse refused these rows (a value it cannot parse, too many partitions in one block): the
 * same rows fail the same way forever, so they are split and the offenders dead-lettered.
 *
 * :NOTE: the embedded ClickHouse (chdb) throws the same ClickHouseError as a server answer, with
 * the numeric `code` as a string and `type` its name (checked: CANNOT_PARSE_DATETIME "41",
 * TOO_MANY_PARTS "252", CANNOT_PARSE_INPUT_ASSERTION_FAILED "27", UNKNOWN_TABLE "60"). A network
 * failure is a plain Error with a Node `code` (ECONNREFUSED) or a client timeout message. Anything
 * that is not a ClickHouse answer counts as transient: a stall that /readyz reports is better than
 * dead-lettering good rows for an unknown reason.
 */
export type StorageFailure = 'transient' | 'rejected';

/** ClickHouse error codes that say nothing about the rows: retry. */
export const TRANSIENT_CLICKHOUSE_CODES: Readonly<Record<string, string>> = {
  16: 'NO_SUCH_COLUMN_IN_TABLE', 60: 'UNKNOWN_TABLE', 81: 'UNKNOWN_DATABASE', 159: 'TIMEOUT_EXCEEDED', 160: 'TOO_SLOW',
  164: 'READONLY', 202: 'TOO_MANY_SIMULTANEOUS_QUERIES', 203: 'NO_FREE_CONNECTION', 209: 'SOCKET_TIMEOUT',
  210: 'NETWORK_ERROR', 236: 'ABORTED', 241: 'MEMORY_LIMIT_EXCEEDED', 242: 'TABLE_IS_READ_ONLY', 243: 'NOT_ENOUGH_SPACE',
  252: 'TOO_MANY_PARTS', 319: 'UNKNOWN_STATUS_OF_INSERT', 394: 'QUERY_WAS_CANCELLED', 425: 'SYSTEM_ERROR',
  497: 'ACCESS_DENIED', 516: 'AUTHENTICATION_FAILED', 999: 'KEEPER_EXCEPTION',
};

export function classifyStorageError(err: unknown): StorageFailure {
  const code = (err as { code?: unknown } | null)?.code;
  const message = String((err as { message?: unknown } | null)?.message ?? '');
  const clickhouseCode = typeof code === 'string' && /^\d+$/.test(code) ? code : typeof code === 'number' ? String(code) : null;
  if (clickhouseCode === null) return 'transient';
  // :TRICKY: TOO_MANY_PARTS is both "merges are behind" (wait) and "too many partitions for single
  // INSERT block" (these rows span too many months: waiting never helps).
  if (clickhouseCode === '252') return /for single INSERT block/i.test(message) ? 'rejected' : 'transient';
  return clickhouseCode in TRANSIENT_CLICKHOUSE_CODES ? 'transient' : 'rejected';
}
