/**
 * Writes an ExportSource to a file in one format, streamed from ClickHouse with constant memory: CSV, Parquet
 * and Arrow bytes are produced by ClickHouse (no per-row JS), xlsx by exceljs' streaming WorkbookWriter from rows
 * read as JSONCompactEachRow. A day-ordered source (`byDay`) is run a few days at a time (`pieces`): ClickHouse
 * then merges one month's parts in key order at a time, instead of every partition's at once, which is what held
 * the memory of a long export (and slowed it).
 *
 * :TRICKY: embedded chdb's streaming cursor formats each chunk on its own: CSVWithNames repeats its header in
 * every chunk, and each Parquet or ArrowStream chunk is a whole file of its own. So CSV is read as headerless `CSV`
 * after a header of the column labels written here; Arrow chunks are stitched into one IPC stream (`arrow-ipc.ts`:
 * the first chunk's schema, every chunk's batches, one end marker); embedded Parquet is written by ClickHouse
 * straight into the file (`INSERT INTO FUNCTION file(…)`, one statement over the range: a Parquet footer cannot be
 * stitched). A ClickHouse server sends one HTTP response in the format, which is passed through as it comes.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ClickHouseClient } from '@clickhouse/client';
import { stat } from 'node:fs/promises';
import { bindParams, literal } from './sql-literal.ts';
import { ArrowStreamStitcher } from './arrow-ipc.ts';
import { FORMAT_INFO, type ExportFormat } from './formats.ts';
import type { ExportColumn, ExportSource } from './source.ts';

export interface ExportResult {
  rows: number;
  bytes: number;
}

/** Called as rows are written: rows so far. */
export type OnRows = (rows: number) => void;

interface Chunk {
  rows: number;
  bytes: Uint8Array;
}

/** chdb-node's streaming cursor, reachable on an embedded connection (absent on a server connection). */
interface ChdbStreaming {
  queryStream(sql: string, opts: { format: string; signal?: AbortSignal }): AsyncIterable<{ numRows: number; raw(): Uint8Array; rows<T>(): T[] }>;
}

function chdbOf(ch: ClickHouseClient): ChdbStreaming | null {
  const conn = (ch as unknown as { connection?: { chdb?: ChdbStreaming } }).connection;
  return conn?.chdb?.queryStream ? conn.chdb : null;
}

/**
 * Settings each format is written with: readers without lz4/zstd (apache-arrow, hyparquet) read these as they are.
 * Parquet's row groups are 262,144 rows / 64 MB at most (ClickHouse's defaults, 1 M rows / 512 MB, are buffered whole
 * before they are written): at 10 M rows the engine's RSS grew 421 MB instead of 656 MB, at the same speed (~1 M
 * rows/s), the file 5 % larger (`npm run bench:exports -- --sizes 10000000 --formats parquet`, 2026-12-02).
 */
const SETTINGS: Record<ExportFormat, Record<string, string>> = {
  csv: { format_csv_null_representation: '' },
  xlsx: { output_format_json_quote_64bit_integers: '0' },
  parquet: { output_format_parquet_compression_method: 'snappy', output_format_parquet_row_group_size: '262144', output_format_parquet_row_group_size_bytes: '67108864' },
  arrow: { output_format_arrow_compression_method: 'none', output_format_arrow_low_cardinality_as_dictionary: '0' },
};

/** Rows of a day-ordered source run in one query, at most (a piece never crosses a month, one partition). */
export const PIECE_ROWS = 500_000;

/**
 * The source as the queries to run in order, with the rows they hold (null: not known before): a day-ordered
 * source a few days at a time within a month, any other whole.
 */
export async function pieces(ch: ClickHouseClient, source: ExportSource, maxRows = PIECE_ROWS): Promise<{ pieces: ExportSource[]; total: number | null }> {
  if (!source.byDay) return { pieces: [source], total: null };
  const rs = await ch.query({ query: source.byDay.rowsByDay, query_params: source.query_params, format: 'JSONEachRow' });
  const days = await rs.json<{ d: string; n: string | number }>();
  const out: { from: string; to: string; n: number }[] = [];
  for (const { d, n } of days) {
    const cur = out.at(-1);
    if (cur && cur.n + Number(n) <= maxRows && cur.to.slice(0, 7) === d.slice(0, 7)) Object.assign(cur, { to: d, n: cur.n + Number(n) });
    else out.push({ from: d, to: d, n: Number(n) });
  }
  const total = out.reduce((t, p) => t + p.n, 0);
  if (!out.length) return { pieces: [source], total };
  return { pieces: out.map((p) => ({ ...source, query_params: { ...source.query_params, fromDay: p.from, toDay: p.to } })), total };
}

function wrapped(source: ExportSource, format: ExportFormat): string {
  // :NOTE: the source's SELECT is wrapped so the format's settings apply whatever the source wrote; the outer
  // SELECT passes the ordered rows through in order.
  // The raw tables' duplicates (ReplacingMergeTree) always share a partition: FINAL need not merge across them.
  const settings = Object.entries({ ...SETTINGS[format], do_not_merge_across_partitions_select_final: '1' }).map(([k, v]) => `${k} = '${v}'`).join(', ');
  return `SELECT * FROM (${source.query}) SETTINGS ${settings}`;
}

/** The source's result in a ClickHouse output format, chunk by chunk. */
async function* chunks(ch: ClickHouseClient, source: ExportSource, format: ExportFormat, chFormat: string, signal?: AbortSignal): AsyncGenerator<Chunk> {
  const sql = wrapped(source, format);
  const chdb = chdbOf(ch);
  if (chdb) {
    // :TRICKY: @clickhouse/client's query().stream() on chdb buffers the whole result first; chdb's own cursor streams.
    for await (const c of chdb.queryStream(bindParams(sql, source.query_params), { format: chFormat, signal })) {
      yield { rows: c.numRows, bytes: c.raw() };
    }
    return;
  }
  const res = await ch.exec({ query: `${sql} FORMAT ${chFormat}`, query_params: source.query_params, abort_signal: signal });
  for await (const buf of res.stream as Readable) yield { rows: 0, bytes: buf as Buffer };
}

const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;

/** A CSV header line of the column labels (what a person reads; Parquet and Arrow keep the stable keys). */
export function csvHeader(source: Pick<ExportSource, 'columns'>): string {
  return `${source.columns.map((c) => csvCell(c.label)).join(',')}\n`;
}

async function writeBytes(ch: ClickHouseClient, source: ExportSource, format: ExportFormat, path: string, onRows: OnRows, signal?: AbortSignal): Promise<ExportResult> {
  const chdb = chdbOf(ch);
  if (chdb && format === 'parquet') return writeFileEmbedded(ch, source, format, path, onRows);
  // CSV is headerless ClickHouse CSV after our header; Arrow through chdb is stitched; a server's Parquet or Arrow passes through.
  const piecewise = format === 'csv' || (chdb !== null && format === 'arrow');
  const { pieces: list } = piecewise ? await pieces(ch, source) : { pieces: [source] };
  const chFormat = format === 'csv' ? 'CSV' : FORMAT_INFO[format].clickhouse!;
  const stitch = chdb && format === 'arrow' ? new ArrowStreamStitcher() : null;
  const out = createWriteStream(path);
  let rows = 0;
  let bytes = 0;
  const put = async (b: Uint8Array) => {
    bytes += b.byteLength;
    if (!out.write(b)) await once(out, 'drain');
  };
  try {
    if (format === 'csv') await put(Buffer.from(csvHeader(source)));
    for (const piece of list) {
      for await (const c of chunks(ch, piece, format, chFormat, signal)) {
        rows += c.rows;
        for (const part of stitch ? stitch.push(c.bytes) : [c.bytes]) await put(part);
        if (c.rows) onRows(rows);
      }
    }
    if (stitch) for (const part of stitch.end()) await put(part);
  } finally {
    out.end();
    await once(out, 'close');
  }
  // No rows came, so no schema: ClickHouse writes the empty stream with its schema itself.
  if (stitch && !stitch.schema) return writeFileEmbedded(ch, source, format, path, onRows);
  return { rows, bytes };
}

/** Embedded Parquet: ClickHouse writes the one file itself, block by block. */
async function writeFileEmbedded(ch: ClickHouseClient, source: ExportSource, format: ExportFormat, path: string, onRows: OnRows): Promise<ExportResult> {
  const sql = `INSERT INTO FUNCTION file(${literal(path)}, '${FORMAT_INFO[format].clickhouse}') ${bindParams(wrapped(source, format), source.query_params)}`;
  const res = await ch.command({ query: sql, clickhouse_settings: { engine_file_truncate_on_insert: 1 } });
  // chdb's summary leaves written_rows at 0: then the rows are counted.
  const rows = Number(res.summary?.written_rows) || await countExact(ch, source);
  onRows(rows);
  return { rows, bytes: (await stat(path)).size };
}

/** A value of a JSONCompactEachRow row as the spreadsheet cell of its column's type. */
function cell(c: ExportColumn, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (c.type) {
    case 'number': return typeof v === 'number' ? v : Number(v);
    // ClickHouse writes DateTime64 in UTC ('2026-12-01 09:30:00.000'): a Date of that instant.
    case 'datetime': return new Date(`${String(v).replace(' ', 'T')}Z`);
    case 'date': return new Date(`${String(v)}T00:00:00Z`);
    default: return String(v);
  }
}

/** Rows an xlsx sheet holds (1,048,576 with the header): a longer export goes on in the next sheet. */
export const XLSX_SHEET_ROWS = 1_048_575;

async function* jsonRows(ch: ClickHouseClient, source: ExportSource, signal?: AbortSignal): AsyncGenerator<unknown[][]> {
  for (const piece of (await pieces(ch, source)).pieces) yield* pieceRows(ch, piece, signal);
}

async function* pieceRows(ch: ClickHouseClient, source: ExportSource, signal?: AbortSignal): AsyncGenerator<unknown[][]> {
  const chdb = chdbOf(ch);
  if (chdb) {
    for await (const c of chdb.queryStream(bindParams(wrapped(source, 'xlsx'), source.query_params), { format: 'JSONCompactEachRow', signal })) yield c.rows<unknown[]>();
    return;
  }
  const rs = await ch.query({ query: wrapped(source, 'xlsx'), query_params: source.query_params, format: 'JSONCompactEachRow', abort_signal: signal });
  for await (const batch of rs.stream()) yield (batch as { json<T>(): T }[]).map((r) => r.json<unknown[]>());
}

async function writeXlsx(ch: ClickHouseClient, source: ExportSource, path: string, onRows: OnRows, signal?: AbortSignal): Promise<ExportResult> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  let sheet: ExcelJS.Worksheet | null = null;
  let inSheet = 0;
  let sheets = 0;
  let rows = 0;
  const header = source.columns.map((c) => c.label);
  for await (const batch of jsonRows(ch, source, signal)) {
    for (const r of batch) {
      if (!sheet || inSheet === XLSX_SHEET_ROWS) {
        sheet?.commit();
        sheets += 1;
        sheet = book.addWorksheet(sheets === 1 ? source.name.slice(0, 31) : `${source.name.slice(0, 25)} (${sheets})`);
        sheet.addRow(header).commit();
        inSheet = 0;
      }
      sheet.addRow(source.columns.map((c, i) => cell(c, r[i]))).commit();
      inSheet += 1;
      rows += 1;
    }
    onRows(rows);
  }
  if (!sheet) book.addWorksheet(source.name.slice(0, 31)).addRow(header).commit();
  else sheet.commit();
  await book.commit();
  return { rows, bytes: (await stat(path)).size };
}

/** Writes `source` to `path` in `format`; `onRows` hears the rows written so far (embedded: per chunk; server: xlsx only). */
export function writeExport(ch: ClickHouseClient, source: ExportSource, format: ExportFormat, path: string, onRows: OnRows = () => {}, signal?: AbortSignal): Promise<ExportResult> {
  return format === 'xlsx' ? writeXlsx(ch, source, path, onRows, signal) : writeBytes(ch, source, format, path, onRows, signal);
}

/** How many rows the source will give (for progress; a day-ordered source's count per day, without FINAL). */
export async function countRows(ch: ClickHouseClient, source: ExportSource): Promise<number> {
  if (source.byDay) return (await pieces(ch, source)).total ?? 0;
  return countExact(ch, source);
}

/** How many rows the source gives, exactly (its duplicates merged). */
async function countExact(ch: ClickHouseClient, source: ExportSource): Promise<number> {
  const rs = await ch.query({ query: `SELECT count() AS n FROM (${source.query}) SETTINGS do_not_merge_across_partitions_select_final = 1`, query_params: source.query_params, format: 'JSONEachRow' });
  const [row] = await rs.json<{ n: string | number }>();
  return Number(row?.n ?? 0);
}
