/**
 * callboard commands → AMI actions (pure): Originate, QueueAdd/QueueRemove, QueuePause, and
 * Originate of ChanSpy for listen/whisper/barge. Channel and member-interface templates map an
 * extension or agent to Asterisk's names (PJSIP/1001 by default, the reverse of agent-name.ts).
 */
import type { Command } from '@callboard/api';
import type { AmiFields } from './protocol.ts';

export interface AmiActionOptions {
  /** The channel that rings an extension; `{extension}` is replaced. Default `PJSIP/{extension}`. */
  channel: string;
  /** An agent's queue member interface (also what rings for an agent and what ChanSpy spies on); `{agent}` is replaced. Default `PJSIP/{agent}`. */
  memberInterface: string;
  /** Dialplan context where an originated call dials the number. Default `from-internal`. */
  context: string;
  /** How long the first leg (the agent's or supervisor's phone) rings, ms. Default 30 000. */
  ringMs: number;
}

export const DEFAULT_ACTION_OPTIONS: AmiActionOptions = {
  channel: 'PJSIP/{extension}', memberInterface: 'PJSIP/{agent}', context: 'from-internal', ringMs: 30_000,
};

/** ChanSpy options: q quiet (no beep, no name announced), w whisper to the agent, B barge (talk to both). */
const SPY_OPTIONS = { listen: 'q', whisper: 'qw', barge: 'qB' } as const;

export function amiAction(command: Command, opts: AmiActionOptions = DEFAULT_ACTION_OPTIONS): AmiFields {
  const member = (agent: string) => opts.memberInterface.replaceAll('{agent}', agent);
  const phone = (extension: string) => opts.channel.replaceAll('{extension}', extension);
  switch (command.name) {
    case 'originate': {
      const fields: AmiFields = [
        ['Action', 'Originate'],
        ['Channel', command.extension ? phone(command.extension) : member(command.agent as string)],
        ['Context', opts.context], ['Exten', command.number], ['Priority', '1'],
        ['CallerID', command.callbackId ? `"Callback" <${command.number}>` : `<${command.number}>`],
        ['Timeout', String(opts.ringMs)], ['Async', 'true'],
        ['Variable', `CALLBOARD_COMMAND_ID=${command.id}`],
      ];
      if (command.callbackId) fields.push(['Variable', `CALLBOARD_CALLBACK_ID=${command.callbackId}`]);
      return fields;
    }
    case 'queue_add':
      // MemberName = the agent, so queue_log (and so callboard's events) name the member as the screens do.
      return [['Action', 'QueueAdd'], ['Queue', command.queue], ['Interface', member(command.agent)], ['MemberName', command.agent], ['Paused', 'false']];
    case 'queue_remove':
      return [['Action', 'QueueRemove'], ['Queue', command.queue], ['Interface', member(command.agent)]];
    case 'pause': {
      // No Queue field: paused in every queue, as the contract has one state per agent.
      const fields: AmiFields = [['Action', 'QueuePause'], ['Interface', member(command.agent)], ['Paused', 'true']];
      if (command.reason) fields.push(['Reason', command.reason]);
      return fields;
    }
    case 'unpause':
      return [['Action', 'QueuePause'], ['Interface', member(command.agent)], ['Paused', 'false']];
    case 'end_wrap_up':
      // :NOTE: AMI cannot shorten Asterisk's own wrapuptime (no action resets a member's last call);
      // wrap-up held as a pause (the usual set-up, see README) ends by unpausing, logged with this reason.
      return [['Action', 'QueuePause'], ['Interface', member(command.agent)], ['Paused', 'false'], ['Reason', 'end wrap-up']];
    case 'listen':
    case 'whisper':
    case 'barge':
      return [
        ['Action', 'Originate'], ['Channel', phone(command.extension)],
        ['Application', 'ChanSpy'], ['Data', `${member(command.agent)},${SPY_OPTIONS[command.name]}`],
        ['CallerID', `"${command.name} ${command.agent}" <${command.extension}>`],
        ['Timeout', String(opts.ringMs)], ['Async', 'true'],
        ['Variable', `CALLBOARD_COMMAND_ID=${command.id}`],
      ];
  }
}

/** What the screen says when Asterisk accepted the command. */
export function describeDone(command: Command): string {
  switch (command.name) {
    case 'originate': return `calling ${command.number}: ${command.extension ? `extension ${command.extension}` : command.agent}'s phone rings first`;
    case 'queue_add': return `${command.agent} logged into ${command.queue}`;
    case 'queue_remove': return `${command.agent} logged out of ${command.queue}`;
    case 'pause': return `${command.agent} paused${command.reason ? ` (${command.reason})` : ''}`;
    case 'unpause': return `${command.agent} unpaused`;
    case 'end_wrap_up': return `${command.agent}'s wrap-up ended`;
    case 'listen': case 'whisper': case 'barge':
      return `${command.name}: extension ${command.extension} rings, then joins ${command.agent}'s call`;
  }
}
