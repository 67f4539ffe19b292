/** Catalogue entry: Answered. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'answered',
  label: 'Answered',
  unit: 'count',
  higherIsBetter: true,
  formula: 'c_answered',
  description: 'Calls answered by an agent.',
});
