/** Catalogue entry: Exited by key. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'exited_key',
  label: 'Exited by key',
  unit: 'count',
  higherIsBetter: false,
  formula: 'c_exited_key',
  description: 'Callers who left the queue by pressing a key.',
});
