/** Catalogue entry: Mean wrap-up. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'avg_wrap',
  label: 'Mean wrap-up',
  unit: 'seconds',
  higherIsBetter: false,
  formula: 'c_wrap_ms / c_handled / 1000',
  description: 'Mean wrap-up time per handled call, in seconds.',
});
