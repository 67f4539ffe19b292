/** Table / leaderboard: the builder's fields for its options. */
import type { OptionField } from '../../option-fields.ts';

export const fields: OptionField[] = [
  { path: 'sortBy', name: 'Rank by column', control: 'number', description: '0 = the first metric' },
  { path: 'descending', name: 'Largest first', control: 'boolean' },
  { path: 'limit', name: 'Rows', control: 'number' },
  { path: 'ranks', name: 'Show ranks', control: 'boolean' },
];
