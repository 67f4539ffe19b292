import { describe, expect, it } from 'vitest';
import { giveCommand } from './agent-commands.ts';

/** A fetch that answers `status` with `body` and records what it was sent. */
function fakeFetch(status: number, body: unknown) {
  const sent: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { f, sent };
}

const reply = (status: string, message: string) => ({ id: '6f1c1f7e-1f0a-4a47-9a0e-6d7f4c3f0b11', name: 'pause', status, message, at: '2026-12-01T03:00:00.000Z' });

describe('giveCommand', () => {
  it.each([
    [200, reply('ok', '1001 paused (Lunch)'), { status: 'ok', message: '1001 paused (Lunch)' }],
    [200, reply('failed', 'Asterisk refused QueuePause: Interface not found'), { status: 'failed', message: 'Asterisk refused QueuePause: Interface not found' }],
    [202, reply('unanswered', 'sent, but no PBX adapter answered within 10 s'), { status: 'unanswered', message: 'sent, but no PBX adapter answered within 10 s' }],
    [403, { error: { code: 'FORBIDDEN', message: 'an agent may pause only themselves, not 1002' } }, { status: 'failed', message: 'an agent may pause only themselves, not 1002' }],
  ])('commands - HTTP %i becomes one outcome to show', async (status, body, want) => {
    const { f } = fakeFetch(status, body);
    expect(await giveCommand('pause', { agent: '1001', reason: 'Lunch' }, f)).toEqual({ name: 'pause', agent: '1001', ...want });
  });

  it('commands - posts to /api/v1/commands/<name> without empty fields', async () => {
    const { f, sent } = fakeFetch(200, reply('ok', 'done'));
    await giveCommand('pause', { agent: '1001', reason: '', extension: undefined }, f);
    expect(sent[0].url).toBe('/api/v1/commands/pause');
    expect(JSON.parse(String(sent[0].init.body))).toEqual({ agent: '1001' });
  });
});
