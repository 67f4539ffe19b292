/** One local day of an agent's planned shift: log in, breaks, lunch, the odd meeting, log out (all jittered). */
import type { LocalClock } from './local-clock.ts';
import type { Rng } from './prng.ts';
import type { AgentSpec } from './types.ts';

const MIN = 60_000;

export type Planned =
  | { kind: 'login'; at: number }
  | { kind: 'logout'; at: number }
  | { kind: 'pause'; at: number; reason: string; durationMs: number };

/** Minutes after midnight of "HH:mm"; an end before its start means the next day. */
function parseShift(spec: AgentSpec): { start: number; end: number } {
  const m = (s: string): number => {
    const match = /^(\d{1,2}):(\d{2})$/.exec(s);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
      throw new RangeError(`agent ${spec.name}: shift time must be HH:mm, got ${JSON.stringify(s)}`);
    }
    return Number(match[1]) * 60 + Number(match[2]);
  };
  const start = m(spec.shift.start);
  let end = m(spec.shift.end);
  if (end <= start) end += 1440;
  return { start, end };
}

/** The day's plan, in time order. Empty when the agent does not work on this weekday. */
export function planDay(spec: AgentSpec, dayStartMs: number, clock: LocalClock, rng: Rng): Planned[] {
  const days = spec.days ?? [1, 2, 3, 4, 5];
  if (!days.includes(clock.weekdayOf(dayStartMs + 12 * 60 * MIN))) return [];
  const { start, end } = parseShift(spec);
  const loginMin = start + rng.uniform(-8, 4);
  const logoutMin = end + rng.uniform(-2, 8);
  const length = logoutMin - loginMin;
  const pauses: { min: number; reason: string; dur: number }[] = [];
  if (length >= 240) pauses.push({ min: loginMin + 120 + rng.uniform(-20, 20), reason: 'break', dur: rng.uniform(10, 15) });
  if (length >= 360) {
    pauses.push({ min: loginMin + length / 2 + rng.uniform(-30, 30), reason: 'lunch', dur: rng.uniform(30, 45) });
    pauses.push({ min: logoutMin - 110 + rng.uniform(-20, 20), reason: 'break', dur: rng.uniform(10, 15) });
  }
  if (rng.chance(0.2)) pauses.push({ min: loginMin + rng.uniform(30, length - 60), reason: rng.pick(['training', 'meeting', 'back-office']), dur: rng.uniform(15, 35) });
  if (rng.chance(0.35)) pauses.push({ min: loginMin + rng.uniform(20, length - 30), reason: 'personal', dur: rng.uniform(3, 8) });
  pauses.sort((a, b) => a.min - b.min);

  const plan: Planned[] = [{ kind: 'login', at: clock.wallTime(dayStartMs, loginMin) }];
  let freeFrom = loginMin + 15;
  for (const p of pauses) {
    // Overlapping pauses are dropped rather than stacked: nobody takes lunch during their training.
    if (p.min < freeFrom || p.min + p.dur > logoutMin - 10) continue;
    plan.push({ kind: 'pause', at: clock.wallTime(dayStartMs, p.min), reason: p.reason, durationMs: Math.round(p.dur * MIN) });
    freeFrom = p.min + p.dur + 20;
  }
  plan.push({ kind: 'logout', at: clock.wallTime(dayStartMs, logoutMin) });
  return plan;
}
