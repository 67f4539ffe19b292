/** Which colour band a value falls in, from a widget's thresholds and the metric's direction. */
import type { Thresholds } from './common.ts';

export type Band = 'good' | 'warn' | 'bad' | 'none';

export function bandOf(value: number | null | undefined, t: Partial<Thresholds>, metricHigherIsBetter: boolean): Band {
  if (value === null || value === undefined) return 'none';
  const amber = t.amber ?? null;
  const red = t.red ?? null;
  if (amber === null && red === null) return 'none';
  const higher = t.higherIsBetter ?? metricHigherIsBetter;
  const worse = (limit: number) => (higher ? value < limit : value > limit);
  if (red !== null && worse(red)) return 'bad';
  if (amber !== null && worse(amber)) return 'warn';
  return 'good';
}
