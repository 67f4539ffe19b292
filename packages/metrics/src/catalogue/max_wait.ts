/** Catalogue entry: Max wait. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'max_wait',
  label: 'Max wait',
  unit: 'seconds',
  higherIsBetter: false,
  formula: 'c_max_wait_ms / 1000',
  description: 'Longest wait of a call that left the queue, in seconds.',
});
