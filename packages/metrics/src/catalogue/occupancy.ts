/** Catalogue entry: Occupancy. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'occupancy',
  label: 'Occupancy',
  unit: 'percent',
  higherIsBetter: true,
  formula: '100 * (a_busy_ms + a_wrap_ms) / (a_ready_ms + a_busy_ms + a_wrap_ms)',
  description: 'Time on calls and wrap-up ÷ time available, on calls or in wrap-up (pauses excluded), in %.',
});
