/** Donut: the builder's fields for its options. */
import type { OptionField } from '../../option-fields.ts';

export const fields: OptionField[] = [
  { path: 'source', name: 'Shows', control: 'select', choices: [{ value: 'agent-states', label: 'Agents by state (live)' }, { value: 'metric', label: 'A metric split by group' }] },
  { path: 'limit', name: 'Slices', control: 'number', showIf: (o) => o.source === 'metric' },
];
