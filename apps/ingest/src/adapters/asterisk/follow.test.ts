import { appendFile, copyFile, mkdtemp, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CallEventInput } from '@callboard/metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followQueueLog } from './follow.ts';
import { eventually } from '../../../../../test/support/wait.ts';

const FIXTURE = new URL('./fixtures/queue_log', import.meta.url);
const T = 1795593605;
const enter = (n: number) => `${T + n}|call-${n}|sales|NONE|ENTERQUEUE||+39021234${String(n).padStart(4, '0')}|1\n`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'queue-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Waits until `check` passes (followers poll the file), failing after 5 s. */
const until = (check: () => boolean) => eventually('the follower', check, 5000, 20);

function collector() {
  const events: CallEventInput[] = [];
  return { events, onEvents: async (batch: CallEventInput[]) => void events.push(...batch) };
}

describe('asterisk - followQueueLog', () => {
  it('reads a whole file once and gives identical ids when read again', async () => {
    const path = join(dir, 'queue_log');
    await copyFile(FIXTURE, path);
    const runs: CallEventInput[][] = [];
    for (let i = 0; i < 2; i++) {
      const c = collector();
      const reader = followQueueLog({ tenant: 'acme', path, follow: false, fromStart: true, onEvents: c.onEvents });
      await reader.done;
      expect(reader.stats).toEqual({ lines: 66, events: 73, ignored: 4, malformed: 0 });
      runs.push(c.events);
    }
    expect(runs[1].map((e) => e.id)).toEqual(runs[0].map((e) => e.id));
  });

  it('follows a growing file, holding a half-written line until its newline arrives', async () => {
    const path = join(dir, 'queue_log');
    await writeFile(path, enter(1));
    const c = collector();
    const reader = followQueueLog({ tenant: 'acme', path, follow: true, fromStart: true, onEvents: c.onEvents, pollMs: 20 });
    await until(() => c.events.length === 1);
    await appendFile(path, enter(2) + enter(3).slice(0, 20));
    await until(() => c.events.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.events).toHaveLength(2);
    await appendFile(path, enter(3).slice(20));
    await until(() => c.events.length === 3);
    await reader.stop();
    expect(c.events.map((e) => (e as { callId: string }).callId)).toEqual(['call-1', 'call-2', 'call-3']);
  });

  it('starts at the end with fromStart false', async () => {
    const path = join(dir, 'queue_log');
    await writeFile(path, enter(1) + enter(2));
    const c = collector();
    const reader = followQueueLog({ tenant: 'acme', path, follow: true, fromStart: false, onEvents: c.onEvents, pollMs: 20 });
    await new Promise((r) => setTimeout(r, 100));
    await appendFile(path, enter(3));
    await until(() => c.events.length === 1);
    await reader.stop();
    expect((c.events[0] as { callId: string }).callId).toBe('call-3');
  });

  it('survives rotation (rename + new file): finishes the old file, then reads the new one from its start', async () => {
    const path = join(dir, 'queue_log');
    await writeFile(path, enter(1));
    const c = collector();
    const reader = followQueueLog({ tenant: 'acme', path, follow: true, fromStart: true, onEvents: c.onEvents, pollMs: 20 });
    await until(() => c.events.length === 1);
    await appendFile(path, enter(2));
    await rename(path, join(dir, 'queue_log.1'));
    await writeFile(path, enter(3));
    await until(() => c.events.length === 3);
    await appendFile(path, enter(4));
    await until(() => c.events.length === 4);
    await reader.stop();
    expect(c.events.map((e) => (e as { callId: string }).callId)).toEqual(['call-1', 'call-2', 'call-3', 'call-4']);
  });

  it('survives truncation in place (copytruncate) and a file that appears late', async () => {
    const path = join(dir, 'queue_log');
    const c = collector();
    const reader = followQueueLog({ tenant: 'acme', path, follow: true, fromStart: true, onEvents: c.onEvents, pollMs: 20 });
    await new Promise((r) => setTimeout(r, 60));
    await writeFile(path, enter(1) + enter(2));
    await until(() => c.events.length === 2);
    await truncate(path, 0);
    await new Promise((r) => setTimeout(r, 60));
    await appendFile(path, enter(3));
    await until(() => c.events.length === 3);
    await reader.stop();
    expect((c.events[2] as { callId: string }).callId).toBe('call-3');
  });

  it('reads a stream (stdin) to its end, reporting malformed lines', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    const bad: string[] = [];
    const c = collector();
    // Chunks that split lines anywhere, and a last line without newline.
    const chunks = [text.slice(0, 100), text.slice(100, 2001), `${text.slice(2001)}garbage|line\n`, enter(9).trimEnd()];
    const reader = followQueueLog({
      tenant: 'acme', stdin: Readable.from(chunks.map((s) => Buffer.from(s))), follow: false, fromStart: true,
      onEvents: c.onEvents, onMalformed: (b) => bad.push(b.line),
    });
    await reader.done;
    expect(c.events).toHaveLength(74);
    expect(bad).toEqual(['garbage|line']);
    expect(reader.stats.malformed).toBe(1);
  });
});
