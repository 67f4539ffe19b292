/**
 * Reads a CSV upload into lines for the campaign import (seed 004): streamed through csv-parse, the upload's size
 * capped, a header row optional, the phone column chosen by name or number. Each record becomes an ImportLine
 * (its first line number, its text as written, the phone column's value) for ImportChecker.
 */
import { Transform, type Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import type { ImportLine } from '@callboard/metrics';
import { HttpError, InvalidRequestError } from '../errors/http-errors.ts';

/** Largest upload, bytes; larger answers 413 with this figure in the sentence. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** Most data lines per import (each becomes a KV write): a larger file is refused before anything is added. */
export const MAX_IMPORT_LINES = 20_000;

/** Header names taken for the phone column when none is named (English, Italian, Polish, German, French). */
const PHONE_HEADER = /phone|tel|mobile|cell|numer|number|numero|nummer|cellulare|komórka|komorka/i;

export interface ImportOptions {
  /** The first row names the columns. */
  header: boolean;
  /** The phone column: its header name (with header) or its number, 1 = first; default the header that looks like a phone column, else 1. */
  column?: string;
}

export interface ImportFile {
  lines: ImportLine[];
  /** The column read, as people see it: its header name or "column N". */
  column: string;
}

export class ImportTooLargeError extends HttpError {
  constructor(what: string) {
    super(413, 'PAYLOAD_TOO_LARGE', what);
    this.name = 'ImportTooLargeError';
  }
}

/** Counts bytes through; fails the stream past the cap. */
function capped(max: number): Transform {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      if (n > max) done(new ImportTooLargeError(`the file is larger than ${max / 1024 / 1024} MB: split it into smaller files`));
      else done(null, chunk);
    },
  });
}

/**
 * Reads the upload. Delimiters `,` `;` or tab (spreadsheets in Italy and Poland save with `;`); line ends \r\n, \n or \r,
 * mixed; a byte-order mark is dropped; rows with fewer or more columns are kept (the phone cell is then missing: "empty").
 */
export async function readImportFile(input: Readable, opts: ImportOptions): Promise<ImportFile> {
  const parser = parse({
    bom: true, delimiter: [',', ';', '\t'], record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, relax_quotes: true,
    skip_empty_lines: false, raw: true, info: true,
  });
  const limit = capped(MAX_IMPORT_BYTES);
  input.on('error', (err) => parser.destroy(err));
  limit.on('error', (err) => parser.destroy(err));
  input.pipe(limit).pipe(parser);
  const lines: ImportLine[] = [];
  let index: number | null = opts.header ? null : columnNumber(opts.column ?? '1');
  let column = index === null ? '' : `column ${index + 1}`;
  let next = 1;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      const line = next;
      next = info.lines + 1;
      if (index === null) {
        index = headerColumn(record, opts.column);
        column = record[index]?.trim() || `column ${index + 1}`;
        continue;
      }
      if (lines.length >= MAX_IMPORT_LINES) throw new ImportTooLargeError(`the file has more than ${MAX_IMPORT_LINES.toLocaleString('en')} lines: split it into smaller files`);
      lines.push({ line, raw: raw.replace(/\r?\n$|\r$/, ''), phone: record[index] ?? '' });
    }
  } catch (err) {
    if (err instanceof CsvError) throw new InvalidRequestError(`the file is not readable CSV near line ${next}: ${err.message}`, 'file');
    throw err;
  }
  if (index === null) throw new InvalidRequestError('the file is empty: there is no header row', 'file');
  // :NOTE: a file that ends with a line break has no last line: csv-parse gives no record for it. An empty row at the very end is dropped alike.
  while (lines.length && lines.at(-1)!.raw === '' && lines.at(-1)!.phone === '') lines.pop();
  return { lines, column };
}

function columnNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidRequestError(`without a header row the phone column is a number (1 = the first column), not "${text}"`, 'column');
  return n - 1;
}

function headerColumn(header: string[], wanted: string | undefined): number {
  if (wanted === undefined) {
    const i = header.findIndex((h) => PHONE_HEADER.test(h));
    return i === -1 ? 0 : i;
  }
  if (/^\d+$/.test(wanted)) return columnNumber(wanted);
  const i = header.findIndex((h) => h.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (i === -1) throw new InvalidRequestError(`no column "${wanted}" in the header row (${header.map((h) => `"${h.trim()}"`).join(', ')})`, 'column');
  return i;
}
