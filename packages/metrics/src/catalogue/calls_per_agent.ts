/** Catalogue entry: Calls per agent. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'calls_per_agent',
  label: 'Calls per agent',
  unit: 'count',
  higherIsBetter: true,
  formula: 'c_answered / c_agents_answering',
  description: 'Answered calls per distinct agent who answered.',
});
