/** Catalogue entry: Mean talk. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'avg_talk',
  label: 'Mean talk',
  unit: 'seconds',
  higherIsBetter: false,
  formula: 'c_talk_ms / c_handled / 1000',
  description: 'Mean talk time per handled call, in seconds.',
});
