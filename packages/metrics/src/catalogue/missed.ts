/** Catalogue entry: Missed. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'missed',
  label: 'Missed',
  unit: 'count',
  higherIsBetter: false,
  formula: 'c_abandoned + c_exited - c_short_abandoned',
  description: 'Unanswered calls that become callback requests: abandoned plus exited, short abandons excluded.',
});
