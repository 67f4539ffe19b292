/** Catalogue entry: Service level. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'service_level',
  label: 'Service level',
  unit: 'percent',
  higherIsBetter: true,
  formula: '100 * c_answered_in_sl / (c_offered - c_short_abandoned)',
  description: 'Answered within T ÷ (offered − short abandons), in %.',
});
