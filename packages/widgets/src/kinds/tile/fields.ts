/** Number tile: the builder's fields for its options. */
import type { OptionField } from '../../option-fields.ts';

export const fields: OptionField[] = [
  { path: 'thresholds.amber', name: 'Amber from', control: 'number', nullable: true, description: 'value where the tile turns amber' },
  { path: 'thresholds.red', name: 'Red from', control: 'number', nullable: true, description: 'value where the tile turns red' },
  { path: 'caption', name: 'Caption', control: 'text', description: 'small line under the number' },
];
