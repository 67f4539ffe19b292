/**
 * What a backfill reducer re-derived that ClickHouse already holds. A backfill reducer starts empty: a call
 * re-imported after the reducer that stored it was retired (more than four older days posted since, a
 * restart), with event ids of its own (a PBX re-export that numbers its lines anew, an NDJSON backfill
 * sent twice by a script), is a new call to it. call_facts would only replace the row, but the hourly
 * rollups' materialized views add every insert: the call would count twice in every report. So the
 * backfill's facts and intervals are looked up before they are written, and the ones stored already are
 * left out: first write wins, as for events with the same id. Live facts need no look-up: the live reducer
 * remembers what it emitted today and yesterday (TenantLive.knows).
 */
import type { AgentInterval, CallFact, Emitted } from '@callboard/metrics';
import type { Repository } from '../store/repository.ts';
import { intervalKey } from '../store/rows.ts';

/** The local day before a `YYYY-MM-DD` day (a leg rebuilt without its first events can only move later). */
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const daysOf = (days: string[]) => [...new Set(days.flatMap((d) => [d, dayBefore(d)]))].sort();

function byTenant<T extends { tenant: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    let list = m.get(r.tenant);
    if (!list) m.set(r.tenant, (list = []));
    list.push(r);
  }
  return m;
}

/** The rows of `earlier` that storage does not hold yet, and how many it does. */
export async function notStoredYet(repo: Repository, earlier: Emitted): Promise<{ rows: Emitted; skipped: number }> {
  const rows: Emitted = { facts: [], intervals: [] };
  for (const [tenant, facts] of byTenant<CallFact>(earlier.facts)) {
    const stored = await repo.storedFactIds(tenant, daysOf(facts.map((f) => f.day)), facts.map((f) => f.factId));
    rows.facts.push(...facts.filter((f) => !stored.has(f.factId)));
  }
  for (const [tenant, intervals] of byTenant<AgentInterval>(earlier.intervals)) {
    const stored = await repo.intervalKeysOn(tenant, daysOf(intervals.map((i) => i.day)));
    rows.intervals.push(...intervals.filter((i) => !stored.has(intervalKey(i))));
  }
  const skipped = earlier.facts.length - rows.facts.length + earlier.intervals.length - rows.intervals.length;
  return { rows, skipped };
}
