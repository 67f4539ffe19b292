/** Reads a queue_log file (or stdin) line by line, optionally following it like `tail -F` through rotation and truncation. */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { CallEventInput } from '@callboard/metrics';
import { createQueueLogMapper, type QueueLogMapperOptions } from './mapper.ts';

export interface FollowQueueLogOptions extends QueueLogMapperOptions {
  /** The queue_log file; '-' (or `stdin` given) reads a stream instead. */
  path?: string;
  /** A stream to read instead of a file (e.g. process.stdin); read to its end. */
  stdin?: NodeJS.ReadableStream;
  /** Keep reading as the file grows, reopening it when rotated and rewinding when truncated. */
  follow: boolean;
  /** Start at the beginning of the file (true) or at its current end (false, like `tail -F -n 0`). */
  fromStart: boolean;
  /** Called with the events of each chunk read, in order; the next chunk waits for it (back-pressure). */
  onEvents: (events: CallEventInput[]) => Promise<void>;
  /** Lines that cannot be read; default prints them to stderr. */
  onMalformed?: (bad: { error: string; line: string }) => void;
  /** How often a followed file is checked for growth, rotation and truncation, ms. Default 250. */
  pollMs?: number;
}

export interface QueueLogStats {
  lines: number;
  events: number;
  ignored: number;
  malformed: number;
}

export interface QueueLogFollower {
  /** Resolves at the end of input (not following) or after stop(); rejects if onEvents fails. */
  readonly done: Promise<void>;
  readonly stats: QueueLogStats;
  stop(): Promise<void>;
}

const CHUNK = 64 * 1024;

export function followQueueLog(opts: FollowQueueLogOptions): QueueLogFollower {
  const mapper = createQueueLogMapper(opts);
  const stats: QueueLogStats = { lines: 0, events: 0, ignored: 0, malformed: 0 };
  const onMalformed = opts.onMalformed ?? ((b) => console.error(`queue_log: ${b.error}: ${b.line}`));
  let stopped = false;
  let wake: (() => void) | null = null;
  let partial = '';

  /** Maps the complete lines of `text` (keeping a trailing partial line) and hands their events on. */
  const feed = async (text: string, final: boolean): Promise<void> => {
    const lines = (partial + text).split('\n');
    partial = final ? '' : (lines.pop() as string);
    const events: CallEventInput[] = [];
    for (const line of lines) {
      if (line === '' && final) continue;
      stats.lines++;
      const r = mapper.map(line);
      if (r.kind === 'events') events.push(...r.events);
      else if (r.kind === 'ignored') stats.ignored++;
      else {
        stats.malformed++;
        onMalformed(r);
      }
    }
    if (events.length > 0) {
      stats.events += events.length;
      await opts.onEvents(events);
    }
  };

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(() => { wake = null; resolve(); }, ms);
    wake = () => { clearTimeout(t); wake = null; resolve(); };
  });

  const readStream = async (stream: NodeJS.ReadableStream): Promise<void> => {
    const decoder = new StringDecoder('utf8');
    for await (const chunk of stream) {
      if (stopped) break;
      await feed(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer), false);
    }
    await feed(decoder.end(), true);
  };

  const readFile = async (path: string): Promise<void> => {
    const pollMs = opts.pollMs ?? 250;
    let fh: FileHandle | null = null;
    let ino = -1;
    let pos = 0;
    let decoder = new StringDecoder('utf8');
    const buf = Buffer.alloc(CHUNK);
    const drain = async (): Promise<void> => {
      for (;;) {
        const { bytesRead } = await (fh as FileHandle).read(buf, 0, CHUNK, pos);
        if (bytesRead === 0 || stopped) return;
        pos += bytesRead;
        await feed(decoder.write(buf.subarray(0, bytesRead)), false);
      }
    };
    try {
      for (let first = true; !stopped; first = false) {
        if (!fh) {
          const st = await statOrNull(path);
          if (!st) {
            if (!opts.follow) throw new Error(`queue_log ${path} does not exist`);
            await sleep(pollMs); // like tail -F: wait for the file to appear
            continue;
          }
          fh = await open(path, 'r');
          ino = st.ino;
          // A file that appears (or is replaced) while following is read from its start.
          pos = first && !opts.fromStart ? st.size : 0;
        }
        await drain();
        if (!opts.follow) break;
        await sleep(pollMs);
        const st = await statOrNull(path);
        if (st && st.ino !== ino) {
          // Rotated (renamed away, new file created): finish the old file, then switch to the new one.
          await drain();
          await feed(decoder.end(), true);
          decoder = new StringDecoder('utf8');
          await fh.close();
          fh = null;
        } else if (st && st.size < pos) {
          // Truncated in place (logrotate copytruncate): start again from the top; a half line is lost with it.
          pos = 0;
          partial = '';
          decoder = new StringDecoder('utf8');
        }
      }
      if (!stopped) await feed(decoder.end(), true);
    } finally {
      await fh?.close();
    }
  };

  const stdin = opts.stdin ?? (opts.path === '-' || opts.path === undefined ? process.stdin : undefined);
  const done = stdin ? readStream(stdin) : readFile(opts.path as string);
  return {
    done,
    stats,
    async stop() {
      stopped = true;
      wake?.();
      // A stream read waits for its next chunk; destroying it ends the read now.
      if (stdin && stdin !== process.stdin) (stdin as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      await done.catch(() => undefined);
    },
  };
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
