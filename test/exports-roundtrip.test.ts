/**
 * Exports round-trip: raw call facts written to real ClickHouse, exported as CSV, xlsx, Parquet and Arrow
 * (streamed, with the formats ClickHouse and exceljs write), then read back with csv-parse, exceljs' reader,
 * hyparquet and apache-arrow and compared value by value with the source rows.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { useClickHouse } from './support/clickhouse.ts';
import { rawSource, type ExportRange } from '../apps/ingest/src/exports/source.ts';
import { pieces, writeExport } from '../apps/ingest/src/exports/writer.ts';
import { bindParams, literal } from '../apps/ingest/src/exports/sql-literal.ts';

const ROWS = 2_500;
const DAY = '2026-11-20';
const base = Date.parse(`${DAY}T08:00:00Z`);
const range: ExportRange = { tenant: 'acme', fromDay: DAY, toDay: DAY, from: Date.parse(`${DAY}T00:00:00Z`), to: Date.parse(`${DAY}T00:00:00Z`) + 86_400_000 };

interface Expected { call_id: string; queue: string; caller: string; offered_at: number; answered_at: number | null; wait_ms: number; outcome: string }

describe('exports round-trip', () => {
  const ch = useClickHouse();
  const dir = mkdtempSync(join(tmpdir(), 'cb-exports-'));
  const expected: Expected[] = [];

  it('exports - source rows written to ClickHouse (and another tenant beside them)', async () => {
    const rows = [];
    for (let i = 0; i < ROWS; i++) {
      const answered = i % 3 !== 0;
      const e: Expected = { call_id: `c${String(i).padStart(5, '0')}`, queue: `q${i % 4}`, caller: i % 7 === 0 ? 'O\'Brien, "quoted"\nline' : `+3902${i}`,
        offered_at: base + i * 1000, answered_at: answered ? base + i * 1000 + 5000 : null, wait_ms: answered ? 5000 : 12_000 + i, outcome: answered ? 'answered' : 'abandoned' };
      expected.push(e);
      const fact = { tenant: 'acme', fact_id: `${e.call_id}|${e.queue}`, call_id: e.call_id, queue: e.queue, caller: e.caller, channel: 'voice', campaign: '', day: DAY,
        offered_at: e.offered_at, answered_at: e.answered_at, ended_at: e.offered_at + 60_000, agent: answered ? 'a1' : '', wait_ms: e.wait_ms, talk_ms: answered ? 40_000 : 0,
        wrap_ms: 0, outcome: e.outcome, exit_reason: '', ended_by: 'caller', transferred: 0, retain_until: '2030-01-01' };
      rows.push(fact, { ...fact, tenant: 'other', caller: 'OTHER-TENANT' });
    }
    await ch.client.insert({ table: 'call_facts', values: rows, format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
    // the export's order: the table's sorting key (day, queue, fact id)
    expected.sort((a, b) => (a.queue === b.queue ? (`${a.call_id}|${a.queue}` < `${b.call_id}|${b.queue}` ? -1 : 1) : a.queue < b.queue ? -1 : 1));
  });

  const source = () => rawSource('calls', range);
  const check = (got: Expected[]) => {
    expect(got).toHaveLength(ROWS);
    expect(got).toEqual(expected);
  };

  it('exports - CSV read back with csv-parse equals the source rows', async () => {
    const path = join(dir, 'calls.csv');
    const seen: number[] = [];
    const res = await writeExport(ch.client, source(), 'csv', path, (n) => seen.push(n));
    expect(res.rows).toBe(ROWS);
    expect(seen.at(-1)).toBe(ROWS);
    // The header is the columns' labels (what a person reads); the rows are read back by key.
    const labels = source().columns.map((c) => c.label);
    const records = parse(readFileSync(path), { columns: (head: string[]) => head.map((h) => source().columns[labels.indexOf(h)]?.key ?? h) }) as Record<string, string>[];
    expect(parse(readFileSync(path), { to_line: 1 })[0]).toEqual(labels);
    check(records.map((r) => ({ call_id: r.call_id, queue: r.queue, caller: r.caller, offered_at: Date.parse(`${r.offered_at.replace(' ', 'T')}Z`),
      answered_at: r.answered_at ? Date.parse(`${r.answered_at.replace(' ', 'T')}Z`) : null, wait_ms: Number(r.wait_ms), outcome: r.outcome })));
  });

  it('exports - xlsx read back with exceljs equals the source rows (typed cells, labelled header)', async () => {
    const path = join(dir, 'calls.xlsx');
    expect((await writeExport(ch.client, source(), 'xlsx', path)).rows).toBe(ROWS);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.worksheets[0];
    const keys = source().columns.map((c) => c.key);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(source().columns.map((c) => c.label));
    const got: Expected[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = (k: string) => (row.values as unknown[])[keys.indexOf(k) + 1];
      got.push({ call_id: v('call_id') as string, queue: v('queue') as string, caller: v('caller') as string, offered_at: (v('offered_at') as Date).getTime(),
        answered_at: v('answered_at') ? (v('answered_at') as Date).getTime() : null, wait_ms: v('wait_ms') as number, outcome: v('outcome') as string });
    });
    check(got);
  });

  it('exports - Parquet read back with hyparquet equals the source rows', async () => {
    const path = join(dir, 'calls.parquet');
    expect((await writeExport(ch.client, source(), 'parquet', path)).rows).toBe(ROWS);
    const buf = readFileSync(path);
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const rows = await parquetReadObjects({ file }) as Record<string, unknown>[];
    const ms = (v: unknown) => (v == null ? null : v instanceof Date ? v.getTime() : Number(v));
    check(rows.map((r) => ({ call_id: String(r.call_id), queue: String(r.queue), caller: String(r.caller), offered_at: ms(r.offered_at)!,
      answered_at: ms(r.answered_at), wait_ms: Number(r.wait_ms), outcome: String(r.outcome) })));
  });

  it('exports - Arrow IPC stream read back with apache-arrow equals the source rows', async () => {
    const path = join(dir, 'calls.arrows');
    expect((await writeExport(ch.client, source(), 'arrow', path)).rows).toBe(ROWS);
    const table = tableFromIPC(readFileSync(path));
    expect(table.numRows).toBe(ROWS);
    const ms = (v: unknown) => (v == null ? null : Number(v));
    check(table.toArray().map((r: Record<string, unknown>) => ({ call_id: String(r.call_id), queue: String(r.queue), caller: String(r.caller),
      offered_at: ms(r.offered_at)!, answered_at: ms(r.answered_at), wait_ms: Number(r.wait_ms), outcome: String(r.outcome) })));
  });

  it('exports - a result of many chunks is one file in each format (one CSV header, one Parquet file, one Arrow stream)', async () => {
    const n = 600_000; // chdb streams ~65k rows a chunk; Parquet closes a row group once it holds 262,144 rows (a chunk's end)
    const big = { name: 'numbers', columns: [{ key: 'n', label: 'N', type: 'number' as const }], query: 'SELECT number AS n FROM numbers({k:UInt64})', query_params: { k: n } };
    const csv = join(dir, 'n.csv');
    expect((await writeExport(ch.client, big, 'csv', csv)).rows).toBe(n);
    const records = parse(readFileSync(csv), { columns: true }) as { n: string }[];
    expect(records.length).toBe(n);
    expect(records.at(-1)).toEqual({ N: String(n - 1) });
    const pq = join(dir, 'n.parquet');
    expect((await writeExport(ch.client, big, 'parquet', pq)).rows).toBe(n);
    const buf = readFileSync(pq);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const groups = parquetMetadata(ab).row_groups.map((g) => Number(g.num_rows));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(n);
    expect(Math.max(...groups)).toBeLessThan(262_144 + 70_000);
    const rows = await parquetReadObjects({ file: ab });
    expect(rows.length).toBe(n);
    expect(rows.every((r, i) => Number(r.n) === i)).toBe(true);
    const arrow = join(dir, 'n.arrows');
    expect((await writeExport(ch.client, big, 'arrow', arrow)).rows).toBe(n);
    const table = tableFromIPC(readFileSync(arrow));
    expect(table.numRows).toBe(n);
    expect(Number(table.get(n - 1)!.n)).toBe(n - 1);
  });

  it('exports - a day-ordered source runs a few days at a time, never across a month, and gives the same rows in order', async () => {
    const days = ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'];
    const rows = days.flatMap((d, k) => Array.from({ length: 10 }, (_, i) => ({ tenant: 'pieces', fact_id: `p${k}${i}|q`, call_id: `p${k}${i}`, queue: 'q', caller: '', channel: 'voice',
      campaign: '', day: d, offered_at: Date.parse(`${d}T09:00:00Z`) + i, answered_at: null, ended_at: Date.parse(`${d}T09:01:00Z`), agent: '', wait_ms: i, talk_ms: 0, wrap_ms: 0,
      outcome: 'abandoned', exit_reason: '', ended_by: 'caller', transferred: 0, retain_until: '2030-01-01' })));
    await ch.client.insert({ table: 'call_facts', values: rows, format: 'JSONEachRow', clickhouse_settings: { date_time_input_format: 'best_effort' } });
    const src = rawSource('calls', { tenant: 'pieces', fromDay: days[0], toDay: days[3], from: 0, to: 0 });
    const plan = await pieces(ch.client, src, 20);
    expect(plan.total).toBe(40);
    expect(plan.pieces.map((p) => [p.query_params.fromDay, p.query_params.toDay])).toEqual([[days[0], days[1]], [days[2], days[3]]]);
    expect((await pieces(ch.client, src, 15)).pieces).toHaveLength(4);
    const path = join(dir, 'pieces.csv');
    expect((await writeExport(ch.client, src, 'csv', path)).rows).toBe(40);
    const got = (parse(readFileSync(path), { from_line: 2 }) as string[][]).map((r) => r[0]);
    expect(got).toEqual(rows.map((r) => r.call_id));
  });

  it('exports - parameters are bound as escaped, typed literals', () => {
    expect(literal("a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(bindParams('x = {t:String} AND d IN {d:Array(Date)}', { t: "'; DROP", d: ['2026-01-01'] })).toBe("x = CAST('\\'; DROP' AS String) AND d IN CAST(['2026-01-01'] AS Array(Date))");
    expect(() => bindParams('{missing:String}', {})).toThrow(/missing/);
  });
});
