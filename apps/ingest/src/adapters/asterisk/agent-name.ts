/** Turns a queue member's interface or channel into the agent name used in events. */

const TECH = /^(?:PJSIP|SIP|IAX2|Local|Agent|DAHDI|Zap|SCCP|MGCP|UNISTIM|Motif|WebRTC|H323|OOH323|Console)\//i;

/**
 * PJSIP/1001 → 1001, SIP/1001-0000001a → 1001, Local/1001@from-queue/n → 1001, Agent/2001 → 2001.
 * Member names (Anna Rossi) pass through unchanged.
 */
export function defaultAgentName(channel: string): string {
  const name = channel.trim()
    .replace(TECH, '')
    .replace(/@[^/;]*/, '') // dial context of Local channels
    .replace(/(\/n)?(;\d+)?$/i, '') // Local channel options and leg (;1, ;2)
    .replace(/-[0-9a-f]{8}$/i, ''); // the per-call channel suffix
  return name || channel.trim();
}
