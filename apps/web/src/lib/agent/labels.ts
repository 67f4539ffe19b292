// Words for an agent's live state, as the agent home shows them.
import type { AgentLive } from '@callboard/metrics';

export const STATE_WORDS: Record<AgentLive['state'], string> = {
  ready: 'Ready', busy: 'On a call', wrap_up: 'Wrap-up', paused: 'Paused', logged_out: 'Logged out',
};

/** An agent's own figures, as My day (today, live) and My figures (a past range) show them. */
export const MY_FIGURES = [
  { id: 'answered', label: 'Calls answered', unit: 'count' },
  { id: 'handled', label: 'Handled', unit: 'count' },
  { id: 'avg_talk', label: 'Average talk', unit: 'seconds' },
  { id: 'aht', label: 'Average handling', unit: 'seconds' },
  { id: 'paused_time', label: 'Paused', unit: 'seconds' },
  { id: 'occupancy', label: 'Occupancy', unit: 'percent' },
] as const;
