/** Catalogue entry: Exited, queue empty. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'exited_empty',
  label: 'Exited, queue empty',
  unit: 'count',
  higherIsBetter: false,
  formula: 'c_exited_empty',
  description: 'Calls that left because no agent was logged in.',
});
