/** All reads and writes of the engine's ClickHouse tables (parameterised; tenant always bound). */
import type { ClickHouseClient } from '@clickhouse/client';
import type { AgentInterval, CallFact } from '@callboard/metrics';
import { DAILY_MISSING_SQL, DAILY_TOP_UP_SQL, ROLLUP_MISSING_SQL, ROLLUP_TOP_UP_SQL, WAITS_MISSING_SQL, WAITS_TOP_UP_SQL } from './rollup-reconcile.ts';
import { chTime, type DeadLetterRow, EVENT_COLUMNS, FACT_COLUMNS, factLine, INTERVAL_COLUMNS, intervalKey, intervalLine, TsvLines } from './rows.ts';

export interface StoredEvent {
  seq: number;
  payload: string;
}

export function createRepository(ch: ClickHouseClient) {
  const insert = async (table: string, values: unknown[]) => {
    if (values.length) await ch.insert({ table, values, format: 'JSONEachRow' });
  };
  /**
   * TabSeparated lines (rows.ts), inline after the statement: one string from here to ClickHouse,
   * the same call for chdb and for a server. `insert()` with a stream costs ~30 % more CPU per row
   * with the embedded ClickHouse (it turns the stream into a string again). Lines end in a date
   * (retain_until), never in the ';' the client trims off.
   */
  const insertLines = async (table: string, columns: readonly string[], lines: TsvLines) => {
    if (lines.count) await ch.command({ query: `INSERT INTO ${table} (${columns.join(', ')}) FORMAT TabSeparated\n${lines.text()}` });
  };
  const rows = async <T>(query: string, query_params: Record<string, unknown>) =>
    (await ch.query({ query, query_params, format: 'JSONEachRow' })).json<T>();

  return {
    /** Lines made by eventLine. */
    insertEvents: (lines: TsvLines) => insertLines('events', EVENT_COLUMNS, lines),
    /** Lines made by factLine / intervalLine (the committer builds them one by one, to set aside a row that cannot be). */
    insertFactLines: (lines: TsvLines) => insertLines('call_facts', FACT_COLUMNS, lines),
    insertIntervalLines: (lines: TsvLines) => insertLines('agent_states', INTERVAL_COLUMNS, lines),
    insertFacts: (facts: CallFact[], retention: (tenant: string) => number) =>
      insertLines('call_facts', FACT_COLUMNS, TsvLines.of(facts.map((f) => factLine(f, retention(f.tenant))))),
    insertIntervals: (intervals: AgentInterval[], retention: (tenant: string) => number) =>
      insertLines('agent_states', INTERVAL_COLUMNS, TsvLines.of(intervals.map((i) => intervalLine(i, retention(i.tenant))))),
    /**
     * Stores dead letters, less those from a bus message already dead-lettered: one delivered again
     * after a crash between storing its dead letter and acking it, or after a consumer reset.
     * A message is delivered again only while the stream keeps it (7 days), hence the window.
     */
    async insertDeadLetters(dead: DeadLetterRow[]) {
      const refs = dead.flatMap((d) => (d.ref ? [d.ref] : []));
      let fresh = dead;
      if (refs.length) {
        const stored = new Set((await rows<{ ref: string }>(
          `SELECT DISTINCT ref FROM dead_letters WHERE ref IN {refs:Array(String)} AND received_at >= now64(3) - INTERVAL 8 DAY`, { refs })).map((r) => r.ref));
        fresh = dead.filter((d) => !d.ref || !stored.has(d.ref));
      }
      if (fresh.length) await insert('dead_letters', fresh);
    },

    /** Tenants with events since `fromMs`. */
    async activeTenants(fromMs: number): Promise<string[]> {
      const r = await rows<{ tenant: string }>('SELECT DISTINCT tenant FROM events WHERE ts >= {from:DateTime64(3)}', { from: chTime(fromMs) });
      return r.map((x) => x.tenant);
    },

    /** A page of a tenant's events with ts ≥ fromMs, in the order they were applied (bus sequence). */
    async eventsPage(tenant: string, fromMs: number, afterSeq: number, afterId: string, limit: number): Promise<(StoredEvent & { id: string })[]> {
      const r = await rows<{ seq: string; id: string; payload: string }>(
        `SELECT seq, id, any(payload) AS payload FROM events
         WHERE tenant = {tenant:String} AND ts >= {from:DateTime64(3)} AND (seq, id) > ({seq:Int64}, {id:String})
         GROUP BY seq, id ORDER BY seq, id LIMIT {limit:UInt32}`,
        { tenant, from: chTime(fromMs), seq: afterSeq, id: afterId, limit },
      );
      return r.map((x) => ({ seq: Number(x.seq), id: x.id, payload: x.payload }));
    },

    /**
     * A page of a tenant's events stamped before `beforeMs` but applied within `windowMs` of its
     * newest stored event (seq is µs of wall time): late data a backfill reducer may still hold open.
     * :NOTE: seq is not in the sort key: this reads the tenant's seq and ts columns in full.
     */
    /**
     * The newest processing sequence of a tenant's events (0: none). Looked for at or after `hintMs` first, which the
     * events_seq skip index (migration 013) answers from the newest parts; the whole column only when nothing is there.
     */
    async lastSeq(tenant: string, hintMs: number): Promise<number> {
      const max = async (from: number) => Number((await rows<{ s: string }>(
        'SELECT toString(max(seq)) AS s FROM events WHERE tenant = {tenant:String} AND seq >= {from:UInt64}', { tenant, from }))[0]?.s ?? 0);
      return (await max(Math.max(0, Math.floor(hintMs)) * 1000)) || max(0);
    },

    /** Events stamped before `beforeMs` but applied at or after processing sequence `fromSeq` (late data), in (seq, id) order. */
    async lateEventsPage(tenant: string, beforeMs: number, fromSeq: number, afterSeq: number, afterId: string, limit: number): Promise<(StoredEvent & { id: string })[]> {
      const r = await rows<{ seq: string; id: string; payload: string }>(
        `SELECT seq, id, any(payload) AS payload FROM events
         WHERE tenant = {tenant:String} AND ts < {before:DateTime64(3)} AND seq >= {from:UInt64}
           AND (seq, id) > ({seq:Int64}, {id:String})
         GROUP BY seq, id ORDER BY seq, id LIMIT {limit:UInt32}`,
        { tenant, before: chTime(beforeMs), from: fromSeq, seq: afterSeq, id: afterId, limit },
      );
      return r.map((x) => ({ seq: Number(x.seq), id: x.id, payload: x.payload }));
    },

    /**
     * The last agent.state event of each agent before `beforeMs` (within 14 days): who was logged in.
     * Only events the live reducer took (stamped on the local day of their seq's wall time, or at
     * most `lateMs` before it): late data of earlier days went to a backfill reducer and never told
     * the live one who is logged in.
     */
    async lastAgentStates(tenant: string, beforeMs: number, lateMs: number, timezone: string): Promise<string[]> {
      const r = await rows<{ payload: string }>(
        `SELECT argMax(payload, (ts, seq)) AS payload FROM events
         WHERE tenant = {tenant:String} AND type = 'agent.state'
           AND ts < {before:DateTime64(3)} AND ts >= {before:DateTime64(3)} - INTERVAL 14 DAY
           AND (toDate(ts, {tz:String}) >= toDate(fromUnixTimestamp64Micro(toInt64(seq)), {tz:String})
                OR toUnixTimestamp64Milli(ts) >= intDiv(toInt64(seq), 1000) - {late:Int64})
         GROUP BY agent`,
        { tenant, before: chTime(beforeMs), late: lateMs, tz: timezone },
      );
      return r.map((x) => x.payload);
    },

    async factIdsSince(tenant: string, fromDay: string): Promise<Set<string>> {
      const r = await rows<{ fact_id: string }>(
        'SELECT DISTINCT fact_id FROM call_facts WHERE tenant = {tenant:String} AND day >= {day:Date}', { tenant, day: fromDay });
      return new Set(r.map((x) => x.fact_id));
    },

    /** Fact ids stored on these days (a replay's re-derived backfill facts are checked against them). */
    async factIdsOn(tenant: string, days: string[]): Promise<Set<string>> {
      if (days.length === 0) return new Set();
      const r = await rows<{ fact_id: string }>(
        'SELECT DISTINCT fact_id FROM call_facts WHERE tenant = {tenant:String} AND day IN {days:Array(Date)}', { tenant, days });
      return new Set(r.map((x) => x.fact_id));
    },

    /** Which of these fact ids are stored on these days (a backfill's facts are checked before they are written). */
    async storedFactIds(tenant: string, days: string[], ids: string[]): Promise<Set<string>> {
      if (days.length === 0 || ids.length === 0) return new Set();
      const r = await rows<{ fact_id: string }>(
        `SELECT DISTINCT fact_id FROM call_facts
         WHERE tenant = {tenant:String} AND day IN {days:Array(Date)} AND fact_id IN {ids:Array(String)}`, { tenant, days, ids });
      return new Set(r.map((x) => x.fact_id));
    },

    async intervalKeysOn(tenant: string, days: string[]): Promise<Set<string>> {
      if (days.length === 0) return new Set();
      const r = await rows<{ agent: string; state: string; start: string }>(
        `SELECT DISTINCT agent, state, toString(toUnixTimestamp64Milli(start_at)) AS start FROM agent_states
         WHERE tenant = {tenant:String} AND day IN {days:Array(Date)}`, { tenant, days });
      return new Set(r.map((x) => intervalKey({ agent: x.agent, state: x.state, startAt: Number(x.start) })));
    },

    async intervalKeysSince(tenant: string, fromDay: string): Promise<Set<string>> {
      const r = await rows<{ agent: string; state: string; start: string }>(
        `SELECT DISTINCT agent, state, toString(toUnixTimestamp64Milli(start_at)) AS start FROM agent_states
         WHERE tenant = {tenant:String} AND day >= {day:Date}`, { tenant, day: fromDay });
      return new Set(r.map((x) => intervalKey({ agent: x.agent, state: x.state, startAt: Number(x.start) })));
    },

    /** Which of these ids are already stored (for events older than the in-memory dedupe horizon). */
    async storedEventIds(tenant: string, ids: string[], minTs: number, maxTs: number): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const r = await rows<{ id: string }>(
        `SELECT DISTINCT id FROM events WHERE tenant = {tenant:String}
           AND toDate(ts) BETWEEN toDate({min:DateTime64(3)}) AND toDate({max:DateTime64(3)}) AND id IN {ids:Array(String)}`,
        { tenant, ids, min: chTime(minTs), max: chTime(maxTs) },
      );
      return new Set(r.map((x) => x.id));
    },

    /**
     * The rollup view's insert is not atomic with the call_facts insert that fires it: a kill -9
     * between the two leaves facts the rollup never saw. Top the rollup up to the facts, per key.
     */
    async reconcileRollup(tenant: string, fromDay: string): Promise<number> {
      let n = 0;
      // The hourly rollup, then the hourly and daily wait histograms (migrations 011, 012): the same gap, the same top-up.
      for (const [missingSql, topUpSql] of [[ROLLUP_MISSING_SQL, ROLLUP_TOP_UP_SQL], [WAITS_MISSING_SQL, WAITS_TOP_UP_SQL], [DAILY_MISSING_SQL, DAILY_TOP_UP_SQL]]) {
        const missing = Number((await rows<{ n: string }>(missingSql, { tenant, day: fromDay }))[0]?.n ?? 0);
        if (missing === 0) continue;
        await ch.command({ query: topUpSql, query_params: { tenant, day: fromDay } });
        n += missing;
      }
      return n;
    },

    async deadLetters(tenant: string, limit: number) {
      return rows<DeadLetterRow>(
        `SELECT tenant, toString(received_at) AS received_at, source, reason, payload FROM dead_letters
         WHERE tenant = {tenant:String} ORDER BY received_at DESC LIMIT {limit:UInt32}`, { tenant, limit });
    },
  };
}
export type Repository = ReturnType<typeof createRepository>;
