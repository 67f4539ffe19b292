/** Catalogue entry: Abandon rate. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'abandon_rate',
  label: 'Abandon rate',
  unit: 'percent',
  higherIsBetter: false,
  formula: '100 * (c_abandoned - c_short_abandoned) / (c_offered - c_short_abandoned)',
  description: 'Abandoned less short abandons ÷ (offered − short abandons), in %.',
});
