/** Writes events as NDJSON (one JSON object per line), honouring back-pressure of the output stream. */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { SinkError, type EventSink } from './types.ts';

export function createNdjsonSink(out: Writable = process.stdout): EventSink {
  return {
    async publish(events) {
      let text = '';
      for (const e of events) text += JSON.stringify(e) + '\n';
      try {
        if (!out.write(text)) await once(out, 'drain');
      } catch (err) {
        // The reader went away (e.g. `| head`): nothing more can be written.
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') throw new SinkError('output closed', false, { cause: err });
        throw err;
      }
    },
    async close() {},
  };
}
