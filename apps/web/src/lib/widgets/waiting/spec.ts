// Callers waiting: the shared zod spec and its builder fields.
import { KINDS } from '@callboard/widgets';
import type { OptionField } from '../option-fields.ts';

export const spec = KINDS.waiting;
export const fields: OptionField[] = [
  { path: 'limit', name: 'Rows', control: 'number' },
  { path: 'amberAfterSeconds', name: 'Amber after (s)', control: 'number' },
  { path: 'redAfterSeconds', name: 'Red after (s)', control: 'number' },
];
