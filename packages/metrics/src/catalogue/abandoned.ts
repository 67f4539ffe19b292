/** Catalogue entry: Abandoned. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'abandoned',
  label: 'Abandoned',
  unit: 'count',
  higherIsBetter: false,
  formula: 'c_abandoned',
  description: 'Callers who hung up while waiting, short abandons included.',
});
