/** Catalogue entry: Exited. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'exited',
  label: 'Exited',
  unit: 'count',
  higherIsBetter: false,
  formula: 'c_exited',
  description: 'Calls that left the queue unanswered: timeout, key, empty or full.',
});
