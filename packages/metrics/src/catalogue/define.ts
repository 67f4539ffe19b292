/** defineMetric: a catalogue entry is a formula over components (or other metrics), nothing else. */
export type Unit = 'count' | 'percent' | 'seconds';

export interface MetricDefinition {
  /** snake_case id used by the API, widgets and custom formulas. */
  id: string;
  label: string;
  unit: Unit;
  description: string;
  /** Formula over component ids (c_*, a_*) and other metric ids. */
  formula: string;
  /** For threshold colours: is a larger value good? */
  higherIsBetter: boolean;
}

export function defineMetric(def: MetricDefinition): MetricDefinition {
  return Object.freeze(def);
}
