// Reconnect delays: exponential from 0.5 s to 30 s with ±20 % jitter, so a room of TVs does not reconnect in step.
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}
