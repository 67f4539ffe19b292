/** Catalogue entry: Answered within SL. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'answered_in_sl',
  label: 'Answered within SL',
  unit: 'count',
  higherIsBetter: true,
  formula: 'c_answered_in_sl',
  description: 'Calls answered with a wait at most the service-level threshold T (default 20 s).',
});
