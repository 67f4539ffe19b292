/**
 * Booking under contention, shared by bench/callbacks and test/callbacks-race: many agents book the
 * same requests at once through CallbackService.step (compare-and-set on the KV revision); each
 * attempt's latency and result is recorded, and a round's wins are checked for double bookings.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { normaliseCaller, type Actor } from '@callboard/metrics';
import { CallbackRefusedError } from '../../apps/ingest/src/callbacks/errors.ts';
import type { CallbackService } from '../../apps/ingest/src/callbacks/service.ts';

export interface Win {
  agent: string;
  id: string;
}

export interface RoundResult {
  wins: Win[];
  /** Attempts refused because someone else held the request (the HTTP API answers them 409). */
  refused: number;
  /** Refusal messages seen (one of each), e.g. "already booked by agent-07 until 10:15 CET" (the tenant's timezone). */
  messages: string[];
  /** Anything else that went wrong (must stay empty). */
  errors: string[];
  latenciesMs: number[];
}

/** The request ids of `n` callers (Italian numbers), the same in every process. */
export function raceIds(n: number): { phone: string; id: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const phone = `06 5550 ${String(1000 + i).padStart(4, '0')}`;
    return { phone, id: normaliseCaller(phone, 'IT').key };
  });
}

export const agentsOf = (prefix: string, from: number, to: number): Actor[] =>
  Array.from({ length: to - from }, (_, i) => ({ id: `${prefix}-${String(from + i).padStart(2, '0')}`, name: `${prefix}-${String(from + i).padStart(2, '0')}`, supervisor: false }));

/** A deterministic shuffle per agent, so every agent goes through the requests in its own order. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Every agent tries to book every request, all agents at once. */
export async function bookingRound(svc: CallbackService, tenant: string, ids: string[], agents: Actor[], round: number): Promise<RoundResult> {
  const res: RoundResult = { wins: [], refused: 0, messages: [], errors: [], latenciesMs: [] };
  const messages = new Set<string>();
  await Promise.all(agents.map(async (agent, k) => {
    for (const id of shuffled(ids, (round + 1) * 7919 + k * 104729)) {
      const t0 = performance.now();
      try {
        const out = await svc.step(tenant, id, (at) => ({ kind: 'book', at, by: agent }));
        res.latenciesMs.push(performance.now() - t0);
        if (out?.request.bookedBy === agent.id) res.wins.push({ agent: agent.id, id });
        else res.errors.push(`${agent.id} on ${id}: accepted but not booked`);
      } catch (err) {
        res.latenciesMs.push(performance.now() - t0);
        if (err instanceof CallbackRefusedError && err.code === 'CONFLICT') {
          res.refused++;
          messages.add(err.message.replace(/\d\d:\d\d/, 'hh:mm').replace(/agent-[a-z-]*\d+/, 'agent-…'));
        } else res.errors.push(`${agent.id} on ${id}: ${(err as Error).message}`);
      }
    }
  }));
  res.messages = [...messages];
  return res;
}

/** Requests won by more than one agent in a round (must be none). */
export function doubleBookings(wins: Win[]): string[] {
  const by = new Map<string, Set<string>>();
  for (const w of wins) by.set(w.id, (by.get(w.id) ?? new Set()).add(w.agent));
  return [...by].filter(([, a]) => a.size > 1).map(([id, a]) => `${id}: ${[...a].join(', ')}`);
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/**
 * A ClickHouse client that only counts history rows: the booking path never waits for storage (rows
 * are written in the background), and a worker process then needs no embedded ClickHouse of its own.
 */
export function countingClickHouse(): ClickHouseClient & { rows: number } {
  const stub = {
    rows: 0,
    async insert(p: { values: unknown[] }) { stub.rows += p.values.length; return { executed: true, query_id: '' }; },
    async query() { return { json: async () => [] }; },
  };
  return stub as unknown as ClickHouseClient & { rows: number };
}
