/** Catalogue entry: Transferred. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'transferred',
  label: 'Transferred',
  unit: 'count',
  higherIsBetter: false,
  formula: 'c_transferred',
  description: 'Answered calls the agent transferred.',
});
