// Supervisor actions on an agent (seed 004) as PBX commands: POST /api/v1/commands/<name>; every outcome, errors included, becomes one reply to show.
import type { CommandName, CommandReply } from '@callboard/api';
import { api, ApiError } from '$lib/api';

/** What the screen shows after a command: the adapter's answer, "no adapter answered", or why the engine refused it. */
export type CommandOutcome = Pick<CommandReply, 'status' | 'message'> & { name: CommandName; agent: string };

/** Common pause reasons offered in the form (any other text is accepted). */
export const PAUSE_REASONS = ['Break', 'Lunch', 'Training', 'Meeting', 'Back office', 'Coaching'] as const;

export const COMMAND_LABELS: Record<CommandName, string> = {
  originate: 'Call', queue_add: 'Log in', queue_remove: 'Log out', pause: 'Pause', unpause: 'Unpause',
  end_wrap_up: 'End wrap-up', listen: 'Listen', whisper: 'Whisper', barge: 'Barge',
};

export async function giveCommand(name: CommandName, body: { agent: string } & Record<string, string | undefined>, fetcher?: typeof fetch): Promise<CommandOutcome> {
  const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
  try {
    const reply = await api<CommandReply>(`commands/${name}`, { method: 'POST', body: clean, fetch: fetcher });
    return { name, agent: body.agent, status: reply.status, message: reply.message };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { name, agent: body.agent, status: 'failed', message: err.message };
  }
}
