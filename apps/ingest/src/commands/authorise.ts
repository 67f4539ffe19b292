/**
 * Who may give which PBX command about whom: supervisors and admins about any agent; an agent only
 * originate, pause and unpause, about themselves (their extension or login). Fills in the
 * extension that rings when the body leaves it out (the caller's own).
 */
import { SELF_COMMANDS, type CommandBody, type CommandName } from '@callboard/api';
import { ForbiddenError, InvalidRequestError } from '../errors/http-errors.ts';
import type { Principal } from '../identity/roles.ts';

/** A command's arguments once checked: spy commands always carry the extension to ring. */
export type CommandArgs = Record<string, string | undefined> & { agent?: string; extension?: string };

const isSupervising = (who: Principal) => (who.roles ?? [who.role]).some((r) => r === 'admin' || r === 'supervisor');

export function authoriseCommand<N extends CommandName>(who: Principal, name: N, body: CommandBody<N>): CommandArgs {
  const args = { ...body } as CommandArgs;
  const own = who.user?.extension ?? undefined;
  if (name === 'listen' || name === 'whisper' || name === 'barge') {
    args.extension ??= own;
    if (!args.extension) throw new InvalidRequestError('name the extension that should ring for you: your user has no extension (an admin sets it under Users)', 'extension');
  }
  if (name === 'originate' && !args.agent && !args.extension) {
    args.extension = own;
    if (!args.extension) throw new InvalidRequestError('name the agent or the extension whose phone rings first: your user has no extension', 'extension');
  }
  if (isSupervising(who)) return args;
  if (!(SELF_COMMANDS as readonly string[]).includes(name)) throw new ForbiddenError(`an agent may not give the command ${name}`);
  const me = [who.user?.extension, who.user?.login].filter((v): v is string => Boolean(v));
  const target = args.agent ?? args.extension;
  const fine = (!args.agent || me.includes(args.agent)) && (!args.extension || args.extension === own) && target !== undefined;
  if (!fine) throw new ForbiddenError(`an agent may ${name === 'originate' ? 'call only from their own phone' : `${name} only themselves`}, not ${target}`);
  return args;
}
