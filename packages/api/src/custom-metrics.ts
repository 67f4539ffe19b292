/** Custom metrics: formulas over catalogue metrics (the record itself is declared with the widgets). */
import { z } from 'zod';
import { CustomMetric, MetricId } from '@callboard/widgets';

export { CustomMetric };

export const CustomMetricParams = z.object({ id: MetricId });

export const CustomMetricList = z.object({ metrics: z.array(CustomMetric) });
export type CustomMetricList = z.infer<typeof CustomMetricList>;
