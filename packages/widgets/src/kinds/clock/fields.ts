/** Clock: the builder's fields for its options. */
import type { OptionField } from '../../option-fields.ts';

export const fields: OptionField[] = [
  { path: 'timezone', name: 'Timezone', control: 'text', nullable: true, description: "IANA name, e.g. Europe/Warsaw; empty = the tenant's" },
  { path: 'showDate', name: 'Show the date', control: 'boolean' },
  { path: 'showSeconds', name: 'Show seconds', control: 'boolean' },
];
