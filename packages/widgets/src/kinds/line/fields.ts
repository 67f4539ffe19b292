/** Line/area chart: the builder's fields for its options. */
import type { OptionField } from '../../option-fields.ts';

export const fields: OptionField[] = [
  { path: 'area', name: 'Fill the area', control: 'boolean' },
  { path: 'target', name: 'Target line', control: 'number', nullable: true, description: 'a horizontal reference, e.g. 80 for SLA' },
];
