/** Command line for the Asterisk adapter: reads (and follows) queue_log and publishes the mapped events; with --ami-host, runs PBX commands too. */
import { parseArgs } from 'node:util';
import { SINK_OPTIONS, SINK_USAGE, UsageError, exitOnError, openSink, withRetry } from '../sink/index.ts';
import { AMI_OPTIONS, AMI_SECRET_ENV, AMI_USAGE, startCommandSide } from './ami/cli-options.ts';
import { followQueueLog } from './follow.ts';

const USAGE = `Usage: node --import tsx apps/ingest/src/adapters/asterisk/cli.ts [--file PATH] --tenant SLUG DESTINATION [--ami-host HOST …] [options]

Maps Asterisk queue_log lines (ENTERQUEUE, CONNECT, ABANDON, EXITWITH*, COMPLETE*, TRANSFER,
ADDMEMBER/REMOVEMEMBER, PAUSE/UNPAUSE, AGENTLOGIN/LOGOFF) to callboard events and publishes them.
Event ids are derived from the lines, so reading a file again never counts a call twice.

${SINK_USAGE}

${AMI_USAGE}

Options:
  --file PATH       the queue_log file, e.g. /var/log/asterisk/queue_log; "-" reads stdin
                    (optional with --ami-host: commands only)
  --tenant SLUG     tenant of the events (required)
  --follow          keep reading as the file grows, across rotation and truncation (like tail -F)
  --from-end        with --follow, skip what is already in the file (default: read it from the start)
  --timezone TZ     zone of "YYYY-MM-DD HH:MM:SS" time columns (newer format); default the system zone
  -h, --help        show this help

Examples:
  node --import tsx apps/ingest/src/adapters/asterisk/cli.ts --file /var/log/asterisk/queue_log --follow \\
      --url http://127.0.0.1:3000 --token $TOKEN --tenant acme
  tail -n 1000 /var/log/asterisk/queue_log | node --import tsx apps/ingest/src/adapters/asterisk/cli.ts --file - --stdout --tenant acme
  ${AMI_SECRET_ENV}=… node --import tsx apps/ingest/src/adapters/asterisk/cli.ts --file /var/log/asterisk/queue_log --follow \\
      --url http://127.0.0.1:3000 --token $TOKEN --tenant acme --ami-host 127.0.0.1 --ami-user callboard`;

const log = (line: string): void => void process.stderr.write(`asterisk: ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...SINK_OPTIONS,
      ...AMI_OPTIONS,
      file: { type: 'string' },
      tenant: { type: 'string' },
      follow: { type: 'boolean' },
      'from-end': { type: 'boolean' },
      timezone: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  if (!values.file && !values['ami-host']) throw new UsageError('--file is required ("-" for stdin), unless --ami-host runs commands only');
  if (!values.tenant) throw new UsageError('--tenant is required');
  const commands = values['ami-host'] ? await startCommandSide(values, log) : null;
  let reader: Awaited<ReturnType<typeof readQueueLog>> | null = null;
  let stopped: () => void = () => {};
  const untilSignal = new Promise<void>((resolve) => { stopped = resolve; });
  const shutdown = async (): Promise<void> => {
    await reader?.stop();
    stopped();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const follow = values.follow ?? false;
  reader = values.file ? await readQueueLog(values.file, values.tenant, follow, values) : null;
  if (reader) await reader.done;
  // Commands keep the adapter running after a one-off read, until a signal.
  if (commands && (!reader || !follow)) await untilSignal;
  await commands?.close();
  if (reader) await reader.close();
}

async function readQueueLog(file: string, tenant: string, follow: boolean, values: { timezone?: string; 'from-end'?: boolean } & Parameters<typeof openSink>[0]) {
  // Following a live PBX, a publish must never be given up on (the lines are not read again); a one-off read gives up after 5 tries.
  const sink = withRetry(await openSink(values, log), { attempts: follow ? Number.POSITIVE_INFINITY : 5, log });
  const reader = followQueueLog({
    tenant,
    timezone: values.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    path: file,
    follow,
    fromStart: !values['from-end'],
    onEvents: (events) => sink.publish(events),
    onMalformed: (bad) => log(`skipped malformed line (${bad.error}): ${bad.line}`),
  });
  return {
    done: reader.done,
    stop: () => reader.stop(),
    async close() {
      await sink.close();
      const s = reader.stats;
      log(`${s.lines} lines: ${s.events} events published, ${s.ignored} ignored, ${s.malformed} malformed`);
    },
  };
}

main().catch(exitOnError(USAGE));
