// Bar chart: the shared zod spec and its builder fields.
import { KINDS } from '@callboard/widgets';
import type { OptionField } from '../option-fields.ts';

export const spec = KINDS.bar;
export const fields: OptionField[] = [
  { path: 'orientation', name: 'Bars', control: 'select', choices: [{ value: 'horizontal', label: 'Horizontal' }, { value: 'vertical', label: 'Vertical' }] },
  { path: 'limit', name: 'Show at most', control: 'number', description: 'groups, largest first' },
];
