// Words for an agent's live state, as the agent home shows them.
import type { AgentLive } from '@callboard/metrics';

export const STATE_WORDS: Record<AgentLive['state'], string> = {
  ready: 'Ready', busy: 'On a call', wrap_up: 'Wrap-up', paused: 'Paused', logged_out: 'Logged out',
};
