/** Bar chart: the builder's fields for its options. */
import type { OptionField } from '../../option-fields.ts';

export const fields: OptionField[] = [
  { path: 'orientation', name: 'Bars', control: 'select', choices: [{ value: 'horizontal', label: 'Horizontal' }, { value: 'vertical', label: 'Vertical' }] },
  { path: 'limit', name: 'Show at most', control: 'number', description: 'groups, largest first' },
];
