/** Catalogue entry: ASA. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'asa',
  label: 'ASA',
  unit: 'seconds',
  higherIsBetter: false,
  formula: 'c_wait_answered_ms / c_answered / 1000',
  description: 'Average speed of answer: mean wait of answered calls, in seconds.',
});
