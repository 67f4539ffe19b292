// Scheduled reports on the web: the sources' names as a person reads them, and "when" presets as cron expressions (in the call centre's timezone).
import type { ScheduleRange } from '@callboard/api';

const REPORT_NAMES: Record<string, string> = {
  'report:queues': 'Queue report', 'report:agents': 'Agent performance', 'report:callers-heatmap': 'Queue callers: heatmap',
  'report:callers-repeat': 'Queue callers: repeat callers', 'report:service': 'Service level and quality', 'report:historic': 'Historic report',
  'report:missed': 'Missed calls and callbacks', 'report:calls': 'Calls (list)',
  calls: 'Calls (raw history)', events: 'Events (raw history)', agent_states: 'Agent states (raw history)', callbacks: 'Callbacks history (raw)',
  'tickets:tickets': 'Tickets', 'tickets:objects': 'Tickets: objects', 'tickets:products': 'Tickets: products',
};

/** A source's name for people (the raw name when it has none). */
export const sourceName = (source: string) => REPORT_NAMES[source] ?? source;

export const RANGES: { value: ScheduleRange; label: string }[] = [
  { value: 'yesterday', label: 'Yesterday' }, { value: 'last_week', label: 'Last week (Monday–Sunday)' }, { value: 'last_month', label: 'Last month' },
];

export type Every = 'day' | 'weekday' | 'monday' | 'month' | 'custom';
export const EVERY: { value: Every; label: string }[] = [
  { value: 'day', label: 'Every day' }, { value: 'weekday', label: 'Monday to Friday' }, { value: 'monday', label: 'Every Monday' },
  { value: 'month', label: 'On the 1st of each month' }, { value: 'custom', label: 'Custom (cron)' },
];

/** The cron expression of a preset at a local time `HH:MM`. */
export function cronOf(every: Exclude<Every, 'custom'>, time: string): string {
  const [h, m] = time.split(':').map(Number);
  const at = `${m} ${h}`;
  return { day: `${at} * * *`, weekday: `${at} * * 1-5`, monday: `${at} * * 1`, month: `${at} 1 * *` }[every];
}

/** A cron expression in words when it is one of the presets; else the expression itself. */
export function cronText(cron: string): string {
  const m = /^(\d{1,2}) (\d{1,2}) (\*|1) \* (\*|1-5|1)$/.exec(cron.trim());
  if (!m) return `cron ${cron}`;
  const at = `${m[2].padStart(2, '0')}:${m[1].padStart(2, '0')}`;
  if (m[3] === '1' && m[4] === '*') return `1st of each month at ${at}`;
  if (m[3] === '*' && m[4] === '*') return `every day at ${at}`;
  if (m[3] === '*' && m[4] === '1-5') return `Monday to Friday at ${at}`;
  if (m[3] === '*' && m[4] === '1') return `Mondays at ${at}`;
  return `cron ${cron}`;
}
