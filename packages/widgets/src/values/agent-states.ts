/** Agent states as a room reads them: labels and the colour variables the agents grid and donut share. */
export const STATE_LABELS: Record<string, string> = { ready: 'Ready', busy: 'On a call', wrap_up: 'Wrap-up', paused: 'Paused', logged_out: 'Logged out' };

/** CSS colour variable per logged-in state. */
export const STATE_COLORS: Record<string, string> = { ready: '--ready', busy: '--busy', wrap_up: '--wrap', paused: '--paused' };
