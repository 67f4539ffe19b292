/** Catalogue entry: Short abandons. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'short_abandoned',
  label: 'Short abandons',
  unit: 'count',
  higherIsBetter: false,
  formula: 'c_short_abandoned',
  description: 'Abandons with a wait under the short-abandon threshold (default 5 s); excluded from service level, service quality and abandon rate.',
});
