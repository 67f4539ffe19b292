/** Runs a callboard command through AMI and turns Asterisk's Response into the command's result. */
import type { Command, CommandResult } from '@callboard/api';
import { amiAction, describeDone, DEFAULT_ACTION_OPTIONS, type AmiActionOptions } from './actions.ts';
import type { AmiClient } from './client.ts';

export type CommandExecutor = (command: Command) => Promise<CommandResult>;

export function createAmiExecutor(client: Pick<AmiClient, 'action'>, opts: Partial<AmiActionOptions> = {}): CommandExecutor {
  const options = { ...DEFAULT_ACTION_OPTIONS, ...opts };
  return async (command) => {
    const fields = amiAction(command, options);
    const action = fields[0][1];
    const at = () => new Date().toISOString();
    try {
      const res = await client.action(fields);
      const said = res.get('Message');
      if (res.get('Response') === 'Success') return { id: command.id, ok: true, message: clip(`${describeDone(command)}${said ? ` (Asterisk: ${said})` : ''}`), at: at() };
      return { id: command.id, ok: false, message: clip(`Asterisk refused ${action}: ${said ?? res.get('Response') ?? 'no reason given'}`), at: at() };
    } catch (err) {
      return { id: command.id, ok: false, message: clip(`${action} not sent: ${(err as Error).message}`), at: at() };
    }
  };
}

const clip = (s: string) => (s.length > 500 ? `${s.slice(0, 497)}…` : s);
