/** Deterministic call traffic for integration tests: valid events over a recent window, in time order. */
import type { CallEvent } from '@callboard/metrics';
import { eventFactory } from '../../packages/metrics/src/testing/events.ts';

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function traffic(opts: { tenant: string; calls: number; fromMs: number; toMs: number; seed?: number }): CallEvent[] {
  const rnd = prng(opts.seed ?? 1);
  const f = eventFactory(opts.tenant, `t${opts.seed ?? 1}-`);
  const queues = ['sales', 'support', 'billing'];
  const agents = Array.from({ length: 8 }, (_, i) => `agent${i + 1}`);
  const span = opts.toMs - opts.fromMs - 10 * 60_000;
  const evs: CallEvent[] = agents.map((a, i) => f.agent(opts.fromMs + i, a, 'ready', queues));
  for (let i = 0; i < opts.calls; i++) {
    const id = `c${i}`;
    const q = queues[Math.floor(rnd() * queues.length)];
    const t0 = opts.fromMs + 1000 + Math.floor(rnd() * span);
    const wait = Math.floor(rnd() * 90_000);
    const r = rnd();
    evs.push(f.offered(t0, id, q, `+39 02 ${String(1000 + Math.floor(rnd() * 9000))}`, rnd() < 0.2 ? 'chat' : 'voice'));
    if (r < 0.15) evs.push(f.abandoned(t0 + wait, id, q, wait));
    else if (r < 0.2) evs.push(f.exited(t0 + wait, id, q, 'timeout', wait));
    else {
      const agent = agents[Math.floor(rnd() * agents.length)];
      const talk = 5_000 + Math.floor(rnd() * 300_000);
      evs.push(f.answered(t0 + wait, id, q, agent, wait));
      evs.push(f.ended(t0 + wait + talk, id, q, agent, talk));
    }
  }
  return evs.sort((a, b) => a.ts - b.ts);
}
