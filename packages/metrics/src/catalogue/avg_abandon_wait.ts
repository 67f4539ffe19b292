/** Catalogue entry: Mean abandon wait. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'avg_abandon_wait',
  label: 'Mean abandon wait',
  unit: 'seconds',
  higherIsBetter: false,
  formula: 'c_wait_abandoned_ms / c_abandoned / 1000',
  description: 'Mean wait of callers who abandoned, in seconds.',
});
