// Line/area chart: the shared zod spec and its builder fields.
import { KINDS } from '@callboard/widgets';
import type { OptionField } from '../option-fields.ts';

export const spec = KINDS.line;
export const fields: OptionField[] = [
  { path: 'area', name: 'Fill the area', control: 'boolean' },
  { path: 'target', name: 'Target line', control: 'number', nullable: true, description: 'a horizontal reference, e.g. 80 for SLA' },
];
