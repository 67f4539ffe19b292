/** Catalogue entry: AHT. */
import { defineMetric } from './define.ts';

export default defineMetric({
  id: 'aht',
  label: 'AHT',
  unit: 'seconds',
  higherIsBetter: false,
  formula: '(c_talk_ms + c_wrap_ms) / c_handled / 1000',
  description: 'Average handle time: talk plus wrap-up per handled call, in seconds.',
});
