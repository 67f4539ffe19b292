/** Agents grid: the builder's fields for its options. */
import type { OptionField } from '../../option-fields.ts';

export const fields: OptionField[] = [
  { path: 'sort', name: 'Sort by', control: 'select', choices: [{ value: 'state', label: 'State' }, { value: 'name', label: 'Name' }, { value: 'time', label: 'Time in state' }] },
  { path: 'showLoggedOut', name: 'Show logged-out agents', control: 'boolean' },
  { path: 'warnAfterSeconds', name: 'Flag pause/wrap-up after (s)', control: 'number' },
];
