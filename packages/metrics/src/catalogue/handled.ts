/** Catalogue entry: Handled. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'handled',
  label: 'Handled',
  unit: 'count',
  higherIsBetter: true,
  formula: 'c_handled',
  description: 'Answered calls whose talk and wrap-up have finished.',
});
