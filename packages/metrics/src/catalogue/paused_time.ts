/** Catalogue entry: Paused time. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'paused_time',
  label: 'Paused time',
  unit: 'seconds',
  higherIsBetter: false,
  formula: 'a_paused_ms / 1000',
  description: 'Total time agents spent paused, in seconds.',
});
