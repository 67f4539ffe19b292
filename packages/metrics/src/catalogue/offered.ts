/** Catalogue entry: Offered. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'offered',
  label: 'Offered',
  unit: 'count',
  higherIsBetter: true,
  formula: 'c_offered',
  description: 'Calls that left the queue today: answered, abandoned or exited (callers still waiting are in Waiting).',
});
