/**
 * A clean stop stores the calls that ended in its last seconds (they wait out a short grace for late events while
 * running): the next start has nothing of theirs to restore, and their figures are in history at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../apps/ingest/src/config.ts';
import { businessHoursZone, start, type Running } from '../apps/ingest/src/start.ts';

const TOKEN = 'clean-stop-test-token-0123';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-clean-stop-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An engine on `dir` whose log lines are collected. */
async function boot(lines: string[]): Promise<Running> {
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).trim().split('\n')); done(); } });
  const config = loadConfig({
    CALLBOARD_DATA: dir, PORT: '0', CALLBOARD_SIMULATOR: 'off', CALLBOARD_WEB: 'off', CALLBOARD_BACKUP_DIR: 'off',
    CALLBOARD_BOOTSTRAP_TOKEN: TOKEN, CALLBOARD_FLUSH_MS: '50', CALLBOARD_TIMEZONE: businessHoursZone(Date.now()),
  });
  return start(config, { log: pino({ level: 'info' }, sink) });
}

describe('engine - clean stop', () => {
  it('stores the calls that ended just before SIGTERM; the restart restores nothing', async () => {
    const first: string[] = [];
    let running = await boot(first);
    const t = Date.now() - 60_000;
    const ev = (id: string, ts: number, body: object) => ({ v: 1, id, tenant: 'demo', ts, ...body });
    const events = [
      ev('s1', t, { type: 'agent.state', agent: 'ada', state: 'ready', queues: ['sales'] }),
      ev('s2', t + 1_000, { type: 'call.offered', callId: 'k1', queue: 'sales', caller: '+390612345678', channel: 'voice' }),
      ev('s3', t + 9_000, { type: 'call.answered', callId: 'k1', queue: 'sales', agent: 'ada', waitMs: 8_000 }),
      ev('s4', t + 50_000, { type: 'call.ended', callId: 'k1', queue: 'sales', agent: 'ada', by: 'caller', talkMs: 41_000 }),
      ev('s5', t + 50_500, { type: 'agent.state', agent: 'ada', state: 'ready', queues: ['sales'] }),
    ];
    const res = await running.app.inject({ method: 'POST', url: '/api/v1/events', headers: { authorization: `Bearer ${TOKEN}` }, payload: events });
    expect(res.statusCode).toBe(200);
    // Applied live (answered counts at once), still inside the 5 s grace for late events: not a fact yet.
    const deadline = Date.now() + 5_000;
    while ((await running.app.inject({ method: 'GET', url: '/api/v1/live', headers: { authorization: `Bearer ${TOKEN}` } })).json().total.metrics.answered !== 1) {
      if (Date.now() > deadline) throw new Error('the call never showed live');
      await new Promise((r) => setTimeout(r, 50));
    }
    await running.stop();

    const second: string[] = [];
    running = await boot(second);
    try {
      const replay = second.map((l) => JSON.parse(l)).find((l) => String(l.msg).startsWith('replay settled rows'));
      expect(replay?.facts ?? 0).toBe(0);
      const q = `/api/v1/metrics?from=${new Date(t - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}&metrics=offered,answered,asa`;
      const rows = (await running.app.inject({ method: 'GET', url: q, headers: { authorization: `Bearer ${TOKEN}` } })).json().rows;
      expect(rows[0].metrics).toMatchObject({ offered: 1, answered: 1, asa: 8 });
    } finally {
      await running.stop();
    }
  });
});
