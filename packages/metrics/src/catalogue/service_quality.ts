/** Catalogue entry: Service quality. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'service_quality',
  label: 'Service quality',
  unit: 'percent',
  higherIsBetter: true,
  formula: '100 * c_sq_score / (c_offered - c_short_abandoned)',
  description: 'Mean per-call score over offered calls less short abandons: unanswered 0; w ≤ Tref: 1 − β(Tref − w)/Tref; Tref < w < Tlim: 1 − (w − Tref)/(Tlim − Tref); w ≥ Tlim: 0. In %.',
});
