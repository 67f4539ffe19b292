/** Realistic stored history for report tests and screenshots: call facts and agent intervals of past days, straight into ClickHouse. */
import { DateTime } from 'luxon';
import type { AgentInterval, CallFact } from '@callboard/metrics';
import { prng } from './traffic.ts';

const QUEUES = ['sales', 'support', 'billing'];
const AGENTS = ['anna.rossi', 'marco.bianchi', 'giulia.esposito', 'luca.romano', 'sara.conti', 'paolo.ferri'];
const CAMPAIGNS = ['', '', 'winter-promo'];
/** Calls per local hour of a weekday, 08:00–19:00 (weekends a third). */
const PROFILE = [0, 0, 0, 0, 0, 0, 0, 1, 6, 12, 14, 12, 8, 9, 12, 11, 9, 6, 3, 1, 0, 0, 0, 0];

/** Facts and agent intervals for the `days` local days before today in `tz` (not today: today comes from live events). */
export function history(tenant: string, tz: string, days: number, now = Date.now(), seed = 7): { facts: CallFact[]; intervals: AgentInterval[] } {
  const rnd = prng(seed);
  const facts: CallFact[] = [];
  const intervals: AgentInterval[] = [];
  const today = DateTime.fromMillis(now, { zone: tz }).startOf('day');
  let n = 0;
  for (let d = days; d >= 1; d--) {
    const day = today.minus({ days: d });
    const weekend = day.weekday >= 6;
    for (let h = 0; h < 24; h++) {
      const calls = Math.round(PROFILE[h] * (weekend ? 0.35 : 1) * (0.7 + rnd() * 0.6));
      for (let i = 0; i < calls; i++) {
        const offeredAt = day.plus({ hours: h, seconds: Math.floor(rnd() * 3600) }).toMillis();
        const wait = Math.floor(rnd() * rnd() * 120_000);
        const r = rnd();
        const outcome: CallFact['outcome'] = r < 0.1 ? 'abandoned' : r < 0.14 ? 'exited' : 'answered';
        const agent = outcome === 'answered' ? AGENTS[Math.floor(rnd() * AGENTS.length)] : '';
        const talk = outcome === 'answered' ? 30_000 + Math.floor(rnd() * 400_000) : 0;
        const wrap = outcome === 'answered' ? Math.floor(rnd() * 60_000) : 0;
        const id = `h${seed}-${++n}`;
        const queue = QUEUES[Math.floor(rnd() * QUEUES.length)];
        facts.push({
          tenant, factId: `${id}|${queue}`, callId: id, queue, caller: `+39 02 555${String(Math.floor(rnd() * 60)).padStart(4, '0')}`,
          channel: rnd() < 0.2 ? 'chat' : 'voice', campaign: CAMPAIGNS[Math.floor(rnd() * CAMPAIGNS.length)], day: day.toISODate()!,
          offeredAt, answeredAt: outcome === 'answered' ? offeredAt + wait : null, endedAt: offeredAt + wait + talk, agent, waitMs: wait, talkMs: talk,
          wrapMs: wrap, outcome, exitReason: outcome === 'exited' ? 'timeout' : '', endedBy: outcome === 'answered' ? 'caller' : '', transferred: rnd() < 0.05, finished: true,
        });
      }
    }
    if (weekend) continue;
    // A working day per agent: ready, busy, wrap-up and pauses (with reasons) in turn, 09:00–17:00.
    for (const agent of AGENTS) {
      let t = day.plus({ hours: 9 }).toMillis();
      const end = day.plus({ hours: 17 }).toMillis();
      while (t < end) {
        const r = rnd();
        const state = r < 0.3 ? 'ready' : r < 0.75 ? 'busy' : r < 0.9 ? 'wrap_up' : 'paused';
        const dur = Math.min(end - t, (state === 'paused' ? 5 : 1) * 60_000 + Math.floor(rnd() * 10 * 60_000));
        const reason = state === 'paused' ? ['lunch', 'break', 'training'][Math.floor(rnd() * 3)] : '';
        intervals.push({ tenant, agent, state, reason, queue: '', day: day.toISODate()!, startAt: t, endAt: t + dur, durationMs: dur });
        t += dur;
      }
    }
  }
  return { facts, intervals };
}
