/** The destination flags shared by the adapter CLIs (--url/--token, --nats, --stdout) and their parsing. */
import { createHttpSink } from './http-sink.ts';
import { createNatsSink } from './nats-sink.ts';
import { createNdjsonSink } from './stdout-sink.ts';
import { SinkError, type EventSink } from './types.ts';

export const SINK_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  nats: { type: 'string' },
  stdout: { type: 'boolean' },
} as const;

export const SINK_USAGE = `Destination (exactly one):
  --url URL         engine base URL; batches go to POST {url}/api/v1/events
  --token TOKEN     API token sent as "Authorization: Bearer TOKEN" (or env CALLBOARD_TOKEN)
  --nats URL        publish to NATS JetStream (subject cc.<tenant>.events.<kind>, msgId <tenant>:<id>)
  --stdout          print NDJSON, one event per line`;

/** True for a closed stdout (`| head`): the CLI then exits quietly. */
export function isClosedOutput(err: unknown): boolean {
  return err instanceof SinkError && (err.cause as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/** Bad command-line input: the CLI prints the message and the usage. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface SinkFlags {
  url?: string;
  token?: string;
  nats?: string;
  stdout?: boolean;
}

export async function openSink(flags: SinkFlags, log: (line: string) => void): Promise<EventSink> {
  const chosen = [flags.url, flags.nats, flags.stdout].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('choose exactly one destination: --url, --nats or --stdout');
  if (flags.stdout) return createNdjsonSink();
  if (flags.nats) return createNatsSink(flags.nats);
  const token = flags.token ?? process.env.CALLBOARD_TOKEN;
  if (!token) throw new UsageError('--url needs --token (or env CALLBOARD_TOKEN)');
  return createHttpSink({
    url: flags.url as string,
    token,
    onRejected: (rejected) => {
      for (const r of rejected.slice(0, 5)) log(`rejected ${r.event?.id ?? `#${r.index}`}: ${r.reason}`);
      if (rejected.length > 5) log(`… and ${rejected.length - 5} more rejected`);
    },
  });
}

/** Retries a failing publish with exponential back-off (1 s … 30 s); ids are idempotency keys, so resending is safe. */
export function withRetry(sink: EventSink, opts: { attempts: number; log: (line: string) => void }): EventSink {
  return {
    async publish(events) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await sink.publish(events);
        } catch (err) {
          if (attempt >= opts.attempts || (err instanceof SinkError && !err.retryable)) throw err;
          const delay = Math.min(30_000, 1000 * 2 ** (attempt - 1));
          opts.log(`publish failed (${(err as Error).message}); retry ${attempt} in ${delay / 1000} s`);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    },
    close: () => sink.close(),
  };
}

/** How both CLIs end on an error: a closed pipe is fine (0), bad flags print the usage (2), else 1. */
export function exitOnError(usage: string): (err: unknown) => never {
  return (err) => {
    if (isClosedOutput(err)) process.exit(0);
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n\n${usage}`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  };
}
