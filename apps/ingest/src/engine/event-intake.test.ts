/** The engine's door, message by message: accepted, or a dead letter with its reason (once per bus message). */
import { defaultTenantSettings } from '@callboard/metrics';
import { Subjects } from '@callboard/nats';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { BusMessage } from '@callboard/bus';
import type { DeadLetterRow } from '../store/rows.ts';
import { EventIntake } from './event-intake.ts';
import { TenantState } from './tenant-state.ts';

const NOW = Date.parse('2026-11-20T10:00:00.000Z');
const enc = new TextEncoder();
let seq = 0;
const message = (subject: string, body: unknown): BusMessage => ({
  subject, seq: ++seq, timestamp: NOW, deliveryCount: 1,
  data: enc.encode(typeof body === 'string' ? body : JSON.stringify(body)),
  ack: () => {}, nak: () => {}, term: () => {},
});
const agentState = (tenant: string, ts: number | string = NOW - 1000) => ({ v: 1, id: `a${seq}`, tenant, ts, type: 'agent.state', agent: 'a1', state: 'ready' });

function intake() {
  const dead: DeadLetterRow[] = [];
  const state = new TenantState('demo', defaultTenantSettings('UTC'), NOW);
  const door = new EventIntake(300_000, (t) => (t === 'demo' ? state : undefined), (row) => dead.push(row), pino({ level: 'silent' }));
  return { door, dead, state };
}

describe('event intake', () => {
  const demo = Subjects.events('demo', 'agent.state');
  it.each([
    ['a valid event of its subject\'s tenant', demo, agentState('demo'), null],
    ['text that is not JSON', demo, '{"v":1,', /^invalid JSON: /],
    ['JSON that is not an event', demo, { v: 1, type: 'call.teleported' }, /^unknown event type "call.teleported"/],
    ['an event stamped beyond the allowed clock skew', demo, agentState('demo', NOW + 301_000), /more than 300 s ahead of the engine clock/],
    ['an event naming another tenant than its subject', demo, agentState('other'), /^tenant other does not match subject cc\.demo\./],
    ['an event of a tenant not configured', Subjects.events('ghost', 'agent.state'), agentState('ghost'), /^tenant ghost is not configured$/],
  ] as const)('%s', (_name, subject, body, reason) => {
    const { door, state } = intake();
    const got = door.read(message(subject, body), NOW);
    if (reason === null) expect(got).toMatchObject({ ok: true, state, text: JSON.stringify(body) });
    else expect(got).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('a refused message is one dead letter, however often it is delivered', () => {
    const { door, dead } = intake();
    const msg = message(Subjects.events('demo', 'agent.state'), 'not json');
    door.refuse(msg, 'demo', 'invalid JSON: x', NOW);
    door.refuse(msg, 'demo', 'invalid JSON: x', NOW);
    expect(dead).toEqual([{ tenant: 'demo', received_at: '2026-11-20 10:00:00.000', source: msg.subject, reason: 'invalid JSON: x', payload: 'not json', ref: `${msg.seq}@${NOW}` }]);
  });

  it('an exception while handling a message makes it a dead letter carrying the error', () => {
    const { door, dead } = intake();
    const msg = message(Subjects.events('demo', 'agent.state'), agentState('demo'));
    door.isolated(msg, NOW, () => { throw new RangeError('boom'); });
    door.isolated(msg, NOW, () => {});
    expect(dead.map((d) => [d.tenant, d.reason])).toEqual([['demo', 'engine error: boom']]);
  });
});
