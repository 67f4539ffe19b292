/**
 * What can be exported: an ExportSource is one ClickHouse SELECT with its columns in order (the contract the
 * report pages share), and the raw-history sources built here (calls, events, agent states, callbacks).
 */

export type ColumnType = 'string' | 'number' | 'datetime' | 'date';

export interface ExportColumn {
  key: string;
  label: string;
  type: ColumnType;
}

/** One table to export: a single SELECT whose result columns are `columns`, in that order. */
export interface ExportSource {
  name: string;
  columns: ExportColumn[];
  query: string;
  query_params: Record<string, unknown>;
  /**
   * Set when the rows come in local-day order and the query's `{fromDay:Date}` / `{toDay:Date}` parameters bound
   * them: the writer then runs it a few days at a time (the same rows in the same order). `rowsByDay` is a cheap
   * SELECT `(day, rows)` over the same parameters, without FINAL: it sizes the pieces and gives the progress total.
   */
  byDay?: { rowsByDay: string };
  /**
   * Set when the rows add live state's legs to the stored facts (a report: today as on the wallboard). The legs in
   * `query_params` are those of when the source was built; an export job runs later, by which time a leg may have
   * been stored too (counted twice) or be on its way (counted in neither). The writer then runs its whole read through
   * `live`, which builds the source again inside Engine.holdingFacts and hands it over: each leg is counted once.
   */
  live?: <T>(read: (source: ExportSource) => Promise<T>) => Promise<T>;
}

/** Runs the whole read of `source` (through its `live`, when it has one): what every writer of an export calls. */
export function readSource<T>(source: ExportSource, read: (source: ExportSource) => Promise<T>): Promise<T> {
  return source.live ? source.live(read) : read(source);
}

/** A tenant's date range, resolved: local days (inclusive) and the instants bounding them. */
export interface ExportRange {
  tenant: string;
  /** First and last local day, YYYY-MM-DD (inclusive). */
  fromDay: string;
  toDay: string;
  /** [from, to) epoch ms: local midnight of fromDay to the local midnight after toDay. */
  from: number;
  to: number;
}

export const RAW_SOURCES = ['calls', 'events', 'agent_states', 'callbacks'] as const;
export type RawSourceName = (typeof RAW_SOURCES)[number];

const s = (key: string, label: string): ExportColumn => ({ key, label, type: 'string' });
const n = (key: string, label: string): ExportColumn => ({ key, label, type: 'number' });
const t = (key: string, label: string): ExportColumn => ({ key, label, type: 'datetime' });
const d = (key: string, label: string): ExportColumn => ({ key, label, type: 'date' });

interface RawDefinition {
  columns: ExportColumn[];
  /** Select expression per column key, when it is not the column itself. */
  expr?: Record<string, string>;
  table: string;
  /** Filter on the range: by local day (tables with a `day` column) or by instant. */
  by: 'day' | 'ts';
  /**
   * The table's own sorting key after `tenant`: ClickHouse then reads the rows in order (optimize_read_in_order)
   * and streams them, instead of sorting the whole range in memory first (constant memory, and ~10× faster).
   */
  order: string;
}

// :NOTE: ReplacingMergeTree tables are read FINAL: a row stored twice before a merge is exported once.
const RAW: Record<RawSourceName, RawDefinition> = {
  calls: {
    table: 'call_facts', by: 'day', order: 'day, queue, fact_id',
    columns: [s('call_id', 'Call'), s('queue', 'Queue'), s('caller', 'Caller'), s('channel', 'Channel'), s('campaign', 'Campaign'), d('day', 'Day'),
      t('offered_at', 'Offered (UTC)'), t('answered_at', 'Answered (UTC)'), t('ended_at', 'Ended (UTC)'), s('agent', 'Agent'),
      n('wait_ms', 'Wait ms'), n('talk_ms', 'Talk ms'), n('wrap_ms', 'Wrap-up ms'), s('outcome', 'Outcome'), s('exit_reason', 'Exit reason'),
      s('ended_by', 'Ended by'), n('transferred', 'Transferred')],
  },
  events: {
    table: 'events', by: 'ts', order: 'toDate(ts), id',
    columns: [t('ts', 'Time (UTC)'), s('id', 'Event id'), s('type', 'Type'), s('call_id', 'Call'), s('queue', 'Queue'), s('agent', 'Agent'), s('payload', 'Event (JSON)')],
  },
  agent_states: {
    table: 'agent_states', by: 'day', order: 'day, agent, start_at, state',
    columns: [s('agent', 'Agent'), s('state', 'State'), s('reason', 'Reason'), s('queue', 'Queue'), d('day', 'Day'),
      t('start_at', 'Start (UTC)'), t('end_at', 'End (UTC)'), n('duration_ms', 'Duration ms')],
  },
  callbacks: {
    table: 'callback_history', by: 'ts', order: 'request_id, seq',
    expr: { tags: "arrayStringConcat(tags, ',')" },
    columns: [t('ts', 'Time (UTC)'), s('request_id', 'Request'), n('cycle', 'Cycle'), s('caller', 'Caller'), s('action', 'Action'),
      s('actor_name', 'By'), s('reason', 'Reason'), s('outcome', 'Outcome'), s('note', 'Note'), s('tags', 'Tags'), s('queue', 'Queue'),
      s('call_id', 'Call'), s('target', 'Target'), s('status_after', 'Status after')],
  },
};

export function isRawSource(name: string): name is RawSourceName {
  return (RAW_SOURCES as readonly string[]).includes(name);
}

/** The raw-history source `name` of a tenant over a range. */
export function rawSource(name: RawSourceName, range: ExportRange): ExportSource {
  const def = RAW[name];
  const select = def.columns.map((c) => (def.expr?.[c.key] ? `${def.expr[c.key]} AS ${c.key}` : c.key)).join(', ');
  const where = def.by === 'day'
    ? 'day >= {fromDay:Date} AND day <= {toDay:Date}'
    : "ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}";
  return {
    name,
    columns: def.columns,
    query: `SELECT ${select} FROM ${def.table} FINAL WHERE tenant = {tenant:String} AND ${where} ORDER BY ${def.order}`,
    ...(def.by === 'day' ? { byDay: { rowsByDay: `SELECT day AS d, count() AS n FROM ${def.table} WHERE tenant = {tenant:String} AND ${where} GROUP BY day ORDER BY day` } } : {}),
    query_params: def.by === 'day'
      ? { tenant: range.tenant, fromDay: range.fromDay, toDay: range.toDay }
      : { tenant: range.tenant, from: new Date(range.from), to: new Date(range.to) },
  };
}
