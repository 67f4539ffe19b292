/** Catalogue entry: Exited, queue full. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'exited_full',
  label: 'Exited, queue full',
  unit: 'count',
  higherIsBetter: false,
  formula: 'c_exited_full',
  description: 'Calls refused because the queue was full.',
});
