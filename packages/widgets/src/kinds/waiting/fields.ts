/** Callers waiting: the builder's fields for its options. */
import type { OptionField } from '../../option-fields.ts';

export const fields: OptionField[] = [
  { path: 'limit', name: 'Rows', control: 'number' },
  { path: 'amberAfterSeconds', name: 'Amber after (s)', control: 'number' },
  { path: 'redAfterSeconds', name: 'Red after (s)', control: 'number' },
];
