/**
 * Remembers event ids by the local day of their timestamp, for today and yesterday: the same
 * horizon the engine replays at start-up. Older events must be checked against storage.
 */
import { createDayResolver } from '../time.ts';

export class Deduper {
  private readonly days = new Map<string, Set<string>>();
  private readonly dayOf: ReturnType<typeof createDayResolver>;
  /** Events with ts before this are outside memory (epoch ms). */
  horizon = 0;

  constructor(timezone: string) {
    this.dayOf = createDayResolver(timezone);
  }

  /** Move the horizon to the start of the day before `now`'s, forgetting older ids. */
  advance(now: number): void {
    const today = this.dayOf(now);
    const yesterday = this.dayOf(today.start - 1);
    if (yesterday.start <= this.horizon) return;
    this.horizon = yesterday.start;
    for (const day of this.days.keys()) if (day < yesterday.day) this.days.delete(day);
  }

  /** True when ts is older than what this deduper remembers. */
  beyondHorizon(ts: number): boolean {
    return ts < this.horizon;
  }

  /** Record an id; false when it was already recorded (a duplicate). */
  add(id: string, ts: number): boolean {
    const day = this.dayOf(ts).day;
    let set = this.days.get(day);
    if (!set) this.days.set(day, (set = new Set()));
    if (set.has(id)) return false;
    // :NOTE: the same id may carry a different ts on a resend; check the neighbour days too.
    if (this.days.size > 1) for (const other of this.days.values()) if (other !== set && other.has(id)) return false;
    set.add(id);
    return true;
  }

  get size(): number {
    let n = 0;
    for (const s of this.days.values()) n += s.size;
    return n;
  }
}
