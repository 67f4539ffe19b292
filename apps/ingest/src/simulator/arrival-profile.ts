/** How many contacts arrive when: a local-time daily curve (morning and afternoon peaks, quiet nights) and weekday factors. */
import type { LocalClock } from './local-clock.ts';

const HOUR = 3_600_000;

/** Relative arrivals per local hour (index = hour): peak 10–11, lunch dip, second peak 15–16, near zero at night. */
const HOURLY_WEIGHTS: readonly number[] = [
  0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 1.5, 5, 9, 11.5, 10.5,
  7.5, 6.5, 8.5, 9.5, 8, 5.5, 3.5, 2, 1.2, 0.6, 0.4, 0.2,
];

/** Volume of each ISO weekday relative to an average weekday (index 1 = Monday). */
const WEEKDAY_FACTORS: readonly number[] = [0, 1.1, 1, 0.95, 0.95, 0.9, 0.35, 0.12];

const WEIGHT_SUM = HOURLY_WEIGHTS.reduce((s, w) => s + w, 0);
const MAX_FACTOR = Math.max(...HOURLY_WEIGHTS) * Math.max(...WEEKDAY_FACTORS);

export interface ArrivalProfile {
  /** Arrivals per ms at `ms` for a queue taking `perDay` contacts on an average weekday. */
  rate(perDay: number, ms: number): number;
  /** An upper bound of `rate` over all times (for thinning). */
  maxRate(perDay: number): number;
}

export function createArrivalProfile(clock: LocalClock): ArrivalProfile {
  const shape = (ms: number): number => {
    // Linear between hour centres so the rate has no steps at the top of each hour.
    const h = clock.hourOf(ms) - 0.5;
    const i = Math.floor(h);
    const f = h - i;
    const w = HOURLY_WEIGHTS[(i + 24) % 24] * (1 - f) + HOURLY_WEIGHTS[(i + 1) % 24] * f;
    return w * WEEKDAY_FACTORS[clock.weekdayOf(ms)];
  };
  return {
    rate: (perDay, ms) => (perDay * shape(ms)) / WEIGHT_SUM / HOUR,
    maxRate: (perDay) => (perDay * MAX_FACTOR) / WEIGHT_SUM / HOUR,
  };
}
