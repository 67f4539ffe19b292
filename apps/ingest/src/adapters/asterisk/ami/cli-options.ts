/**
 * The adapter CLI's command side: --ami-* flags, the AMI client, and the link that brings the
 * tenant's commands (the engine's WebSocket with --url/--token, or NATS with --nats). The AMI
 * secret is read from the environment only, so it never shows in `ps`, shell history or logs.
 */
import { UsageError, type SinkFlags } from '../../sink/index.ts';
import { DEFAULT_ACTION_OPTIONS } from './actions.ts';
import { AmiClient } from './client.ts';
import { linkToBus, linkToEngine, type CommandLink } from './command-link.ts';
import { createAmiExecutor } from './executor.ts';

/** The environment variable holding the AMI secret. */
export const AMI_SECRET_ENV = 'CALLBOARD_AMI_SECRET';

export const AMI_OPTIONS = {
  'ami-host': { type: 'string' },
  'ami-port': { type: 'string' },
  'ami-user': { type: 'string' },
  channel: { type: 'string' },
  member: { type: 'string' },
  context: { type: 'string' },
} as const;

export const AMI_USAGE = `PBX commands (seed 004: queue log in/out, pause, end wrap-up, listen/whisper/barge, originate):
  --ami-host HOST   Asterisk's AMI (manager.conf); enables commands. They come from the engine
                    (--url/--token: WebSocket /api/v1/commands/ws, an integration token) or NATS (--nats)
  --ami-port PORT   default 5038
  --ami-user USER   manager.conf user (needs write=call,agent,originate); secret in env ${AMI_SECRET_ENV}
  --channel TPL     channel that rings an extension, default ${DEFAULT_ACTION_OPTIONS.channel}
  --member TPL      an agent's queue member interface, default ${DEFAULT_ACTION_OPTIONS.memberInterface}
  --context CTX     dialplan context where originate dials the number, default ${DEFAULT_ACTION_OPTIONS.context}`;

export interface AmiFlags extends SinkFlags {
  'ami-host'?: string;
  'ami-port'?: string;
  'ami-user'?: string;
  channel?: string;
  member?: string;
  context?: string;
  tenant?: string;
}

/** Connects to AMI and to the command source; resolves once both are started (each reconnects on its own). */
export async function startCommandSide(flags: AmiFlags, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<{ close(): Promise<void> }> {
  const host = flags['ami-host'] as string;
  const port = Number(flags['ami-port'] ?? 5038);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--ami-port: ${flags['ami-port']} is not a port`);
  if (!flags['ami-user']) throw new UsageError('--ami-user is required with --ami-host');
  const secret = env[AMI_SECRET_ENV];
  if (!secret) throw new UsageError(`set the AMI secret in the environment variable ${AMI_SECRET_ENV} (never on the command line)`);
  if (flags.stdout) throw new UsageError('commands need --url/--token or --nats: with --stdout nothing can send them');
  if (flags.channel && !flags.channel.includes('{extension}')) throw new UsageError('--channel must contain {extension}');
  if (flags.member && !flags.member.includes('{agent}')) throw new UsageError('--member must contain {agent}');
  const ami = new AmiClient({ host, port, username: flags['ami-user'], secret, log });
  ami.start();
  const execute = createAmiExecutor(ami, {
    channel: flags.channel ?? DEFAULT_ACTION_OPTIONS.channel,
    memberInterface: flags.member ?? DEFAULT_ACTION_OPTIONS.memberInterface,
    context: flags.context ?? DEFAULT_ACTION_OPTIONS.context,
  });
  const logged: typeof execute = async (command) => {
    const result = await execute(command);
    log(`command ${command.name} ${command.id} by ${command.by}: ${result.ok ? 'ok' : 'failed'}: ${result.message}`);
    return result;
  };
  let link: CommandLink;
  let closeBus = async () => {};
  if (flags.nats) {
    if (!flags.tenant) throw new UsageError('--tenant is required');
    const { createNatsBus } = await import('@callboard/bus');
    const bus = await createNatsBus(flags.nats, { name: 'callboard-asterisk-commands' });
    link = linkToBus(bus, flags.tenant, logged, log);
    closeBus = () => bus.close();
    log(`commands: receiving tenant ${flags.tenant}'s commands from NATS`);
  } else {
    const token = flags.token ?? env.CALLBOARD_TOKEN;
    if (!flags.url || !token) throw new UsageError('commands need --url and --token (or env CALLBOARD_TOKEN), or --nats');
    link = linkToEngine({
      url: flags.url, token, execute: logged, log,
      onHello: (tenant) => { if (flags.tenant && tenant !== flags.tenant) log(`commands: the token belongs to tenant ${tenant}, not --tenant ${flags.tenant}: check the token`); },
    });
  }
  return {
    async close() {
      await link.close();
      await closeBus();
      await ami.close();
    },
  };
}
