/** Which storage failures are retried and which make rows dead letters: a table of the errors ClickHouse and the network give. */
import { describe, expect, it } from 'vitest';
import { classifyStorageError } from './storage-errors.ts';

const chError = (code: string, type: string, message: string) => Object.assign(new Error(message), { name: 'ClickHouseError', code, type });
const netError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:8123`), { code });

describe('classifyStorageError', () => {
  it.each([
    ['a DateTime ClickHouse cannot read (year 10000)', chError('41', 'CANNOT_PARSE_DATETIME', 'Cannot read DateTime: unexpected number of decimal digits for time zone offset: 5'), 'rejected'],
    ['too many partitions in one block', chError('252', 'TOO_MANY_PARTS', 'Too many partitions for single INSERT block (more than 100).'), 'rejected'],
    ['a row that does not parse', chError('27', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED', "Cannot parse input: expected '\\t' at end of stream"), 'rejected'],
    ['a number out of its type', chError('70', 'CANNOT_CONVERT_TYPE', 'Value out of range'), 'rejected'],
    ['merges falling behind (same code as too many partitions)', chError('252', 'TOO_MANY_PARTS', 'Too many parts (3001) in all partitions in total'), 'transient'],
    ['the server out of memory', chError('241', 'MEMORY_LIMIT_EXCEEDED', 'Memory limit exceeded'), 'transient'],
    ['the disk full', chError('243', 'NOT_ENOUGH_SPACE', 'Cannot reserve 1.00 MiB, not enough space'), 'transient'],
    ['a table not there (yet)', chError('60', 'UNKNOWN_TABLE', 'Table default.events does not exist'), 'transient'],
    ['credentials refused', chError('516', 'AUTHENTICATION_FAILED', 'default: Authentication failed'), 'transient'],
    ['the server down', netError('ECONNREFUSED'), 'transient'],
    ['the connection reset', netError('ECONNRESET'), 'transient'],
    ['a client timeout', new Error('Timeout error.'), 'transient'],
    ['something else entirely', new TypeError('x is undefined'), 'transient'],
    ['not even an Error', 'boom', 'transient'],
  ])('%s: %s', (_what, err, expected) => {
    expect(classifyStorageError(err)).toBe(expected);
  });
});
