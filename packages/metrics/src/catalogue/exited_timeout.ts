/** Catalogue entry: Exited on timeout. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'exited_timeout',
  label: 'Exited on timeout',
  unit: 'count',
  higherIsBetter: false,
  formula: 'c_exited_timeout',
  description: 'Calls that left the queue after its maximum wait.',
});
