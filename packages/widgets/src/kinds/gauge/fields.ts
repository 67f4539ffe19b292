/** Gauge: the builder's fields for its options. */
import type { OptionField } from '../../option-fields.ts';

export const fields: OptionField[] = [
  { path: 'min', name: 'Minimum', control: 'number' },
  { path: 'max', name: 'Maximum', control: 'number' },
  { path: 'thresholds.amber', name: 'Amber from', control: 'number', nullable: true },
  { path: 'thresholds.red', name: 'Red from', control: 'number', nullable: true },
];
