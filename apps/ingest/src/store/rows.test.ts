/**
 * The engine writes rows as TabSeparated lines built by hand: every string must come back from
 * ClickHouse exactly as it went in, whatever characters it holds.
 */
import { describe, expect, it } from 'vitest';
import type { AgentInterval, CallEvent, CallFact } from '@callboard/metrics';
import { useClickHouse } from '../../../../test/support/clickhouse.ts';
import fc from 'fast-check';
import { chTime, eventLine, tsv, TsvLines } from './rows.ts';

const NASTY = ['tab\there', 'new\nline', 'cr\rlf', 'back\\slash', '\\N', 'trailing\\', '"quotes"\'', 'emoji 📞 é', '\\t literally'];

describe('tsv', () => {
  it('escapes only the four special characters', () => {
    expect(tsv('plain text, "quotes" and ;')).toBe('plain text, "quotes" and ;');
    expect(tsv('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  });

  it('chTime formats any epoch ms as ClickHouse DateTime64(3) text, as Date does', () => {
    const viaDate = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    fc.assert(fc.property(fc.integer({ min: -62_000_000_000_000, max: 8_640_000_000_000_000 }), (ms) => chTime(ms) === viaDate(ms)), { numRuns: 20_000 });
    for (const ms of [0, 999, 1000, 59_999, 86_399_999, 86_400_000, Date.parse('2026-03-29T00:59:59.999Z'), 253_402_300_799_999]) expect(chTime(ms)).toBe(viaDate(ms));
  });

  it('TsvLines gives back its lines in order, across its chunks', () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `${i}\t${NASTY[i % NASTY.length].repeat(1 + (i % 7))}\n`);
    const batch = TsvLines.of(lines);
    expect(batch.count).toBe(lines.length);
    expect(batch.text()).toBe(lines.join(''));
    expect(TsvLines.of(lines.slice(0, 256)).text()).toBe(lines.slice(0, 256).join(''));
    expect(TsvLines.of([]).text()).toBe('');
  });
});

describe('rows round-trip through ClickHouse', () => {
  const ch = useClickHouse();

  const read = async <T>(query: string) => (await ch.client.query({ query, format: 'JSONEachRow' })).json<T>();

  it('events: ids, names and the payload as received', async () => {
    const ts = Date.parse('2026-11-20T10:00:00.000Z');
    const events: { ev: CallEvent; payload: string }[] = NASTY.map((s, i) => {
      const ev: CallEvent = { v: 1, id: `id-${i}-${s}`, tenant: 'acme', ts, type: 'call.answered', callId: `c-${s}`, queue: `q-${s}`, agent: `a-${s}`, waitMs: i };
      // A payload as a PBX may send it: pretty-printed, raw tabs and newlines between tokens.
      return { ev, payload: JSON.stringify(ev, null, i % 2 ? '\t' : 2) };
    });
    await ch.repo.insertEvents(TsvLines.of(events.map(({ ev, payload }, i) => eventLine(ev, 1000 + i, 396, payload))));
    const rows = await read<{ id: string; seq: string; call_id: string; queue: string; agent: string; payload: string; ts: string }>(
      "SELECT id, seq, call_id, queue, agent, payload, toString(ts) AS ts FROM events WHERE tenant = 'acme' ORDER BY seq");
    expect(rows).toHaveLength(NASTY.length);
    rows.forEach((r, i) => {
      const { ev, payload } = events[i];
      expect(Number(r.seq)).toBe(1000 + i);
      expect(r).toMatchObject({ id: ev.id, call_id: `c-${NASTY[i]}`, queue: `q-${NASTY[i]}`, agent: `a-${NASTY[i]}`, ts: '2026-11-20 10:00:00.000' });
      expect(r.payload).toBe(payload);
      expect(JSON.parse(r.payload)).toEqual(ev);
    });
  });

  it('facts (NULL answer time) and intervals', async () => {
    const at = Date.parse('2026-11-20T11:00:00.000Z');
    const facts: CallFact[] = NASTY.map((s, i) => ({
      tenant: 'acme', factId: `f${i}|${s}`, callId: `f${i}`, queue: s, caller: `+39 ${s}`, channel: 'voice', campaign: s, day: '2026-11-20',
      offeredAt: at, answeredAt: i % 2 ? at + 5_000 : null, endedAt: at + 60_000, agent: s, waitMs: 5_000, talkMs: i % 2 ? 55_000 : 0,
      wrapMs: 0, outcome: i % 2 ? 'answered' : 'abandoned', exitReason: '', endedBy: i % 2 ? 'caller' : '', transferred: i === 3, finished: true,
    }));
    await ch.repo.insertFacts(facts, () => 30);
    const got = await read<{ fact_id: string; queue: string; caller: string; campaign: string; agent: string; answered: string | null; transferred: number; retain_until: string }>(
      "SELECT fact_id, queue, caller, campaign, agent, toString(answered_at) AS answered, transferred, toString(retain_until) AS retain_until FROM call_facts WHERE tenant = 'acme' ORDER BY call_id");
    expect(got.map((g) => g.fact_id).sort()).toEqual(facts.map((f) => f.factId).sort());
    for (const f of facts) {
      const g = got.find((x) => x.fact_id === f.factId)!;
      expect(g).toMatchObject({ queue: f.queue, caller: f.caller, campaign: f.campaign, agent: f.agent, transferred: f.transferred ? 1 : 0, retain_until: '2026-12-20' });
      expect(g.answered).toBe(f.answeredAt === null ? null : '2026-11-20 11:00:05.000');
    }

    const intervals: AgentInterval[] = NASTY.map((s, i) => ({
      tenant: 'acme', agent: s, state: 'paused', reason: s, queue: '', day: '2026-11-20', startAt: at + i, endAt: at + 60_000, durationMs: 60_000 - i,
    }));
    await ch.repo.insertIntervals(intervals, () => 30);
    const iv = await read<{ agent: string; reason: string; duration_ms: number }>(
      "SELECT agent, reason, duration_ms FROM agent_states WHERE tenant = 'acme' ORDER BY start_at");
    expect(iv).toEqual(intervals.map((i) => ({ agent: i.agent, reason: i.reason, duration_ms: i.durationMs })));
  });
});
