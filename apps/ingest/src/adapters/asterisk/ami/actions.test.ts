import { describe, expect, it } from 'vitest';
import type { Command } from '@callboard/api';
import { amiAction } from './actions.ts';
import { AmiFieldError, AmiParser, formatMessage } from './protocol.ts';

const base = { id: '0b8f6a2e-7d0c-4c1e-9a59-3f5f1d1f7a10', tenant: 'demo', at: '2026-12-01T03:00:00.000Z', by: 'sup' };
const V = `CALLBOARD_COMMAND_ID=${base.id}`;

const CASES: [string, Command, [string, string][]][] = [
  ['originate for an agent, with a callback', { ...base, name: 'originate', agent: '1001', number: '+390212345', callbackId: 'cb-7' }, [
    ['Action', 'Originate'], ['Channel', 'PJSIP/1001'], ['Context', 'from-internal'], ['Exten', '+390212345'], ['Priority', '1'],
    ['CallerID', '"Callback" <+390212345>'], ['Timeout', '30000'], ['Async', 'true'], ['Variable', V], ['Variable', 'CALLBOARD_CALLBACK_ID=cb-7']]],
  ['originate from an extension', { ...base, name: 'originate', extension: '201', number: '5551234' }, [
    ['Action', 'Originate'], ['Channel', 'PJSIP/201'], ['Context', 'from-internal'], ['Exten', '5551234'], ['Priority', '1'],
    ['CallerID', '<5551234>'], ['Timeout', '30000'], ['Async', 'true'], ['Variable', V]]],
  ['queue_add', { ...base, name: 'queue_add', agent: '1001', queue: 'sales' }, [
    ['Action', 'QueueAdd'], ['Queue', 'sales'], ['Interface', 'PJSIP/1001'], ['MemberName', '1001'], ['Paused', 'false']]],
  ['queue_remove', { ...base, name: 'queue_remove', agent: '1001', queue: 'sales' }, [['Action', 'QueueRemove'], ['Queue', 'sales'], ['Interface', 'PJSIP/1001']]],
  ['pause with a reason', { ...base, name: 'pause', agent: '1001', reason: 'Lunch' }, [['Action', 'QueuePause'], ['Interface', 'PJSIP/1001'], ['Paused', 'true'], ['Reason', 'Lunch']]],
  ['pause without a reason', { ...base, name: 'pause', agent: '1001' }, [['Action', 'QueuePause'], ['Interface', 'PJSIP/1001'], ['Paused', 'true']]],
  ['unpause', { ...base, name: 'unpause', agent: '1001' }, [['Action', 'QueuePause'], ['Interface', 'PJSIP/1001'], ['Paused', 'false']]],
  ['end_wrap_up', { ...base, name: 'end_wrap_up', agent: '1001' }, [['Action', 'QueuePause'], ['Interface', 'PJSIP/1001'], ['Paused', 'false'], ['Reason', 'end wrap-up']]],
  ...(['listen', 'whisper', 'barge'] as const).map((name, i): [string, Command, [string, string][]] => [name, { ...base, name, agent: '1001', extension: '900' }, [
    ['Action', 'Originate'], ['Channel', 'PJSIP/900'], ['Application', 'ChanSpy'], ['Data', `PJSIP/1001,${['q', 'qw', 'qB'][i]}`],
    ['CallerID', `"${name} 1001" <900>`], ['Timeout', '30000'], ['Async', 'true'], ['Variable', V]]]),
];

describe('AMI actions', () => {
  it.each(CASES)('actions - %s', (_what, command, fields) => {
    expect(amiAction(command)).toEqual(fields);
  });

  it('actions - channel and member-interface templates', () => {
    const opts = { channel: 'SIP/{extension}', memberInterface: 'Local/{agent}@agents/n', context: 'outbound', ringMs: 20_000 };
    expect(amiAction({ ...base, name: 'listen', agent: 'anna', extension: '900' }, opts)).toContainEqual(['Data', 'Local/anna@agents/n,q']);
    expect(amiAction({ ...base, name: 'originate', extension: '7', number: '12' }, opts).slice(1, 3)).toEqual([['Channel', 'SIP/7'], ['Context', 'outbound']]);
  });

  it('protocol - a value with a line break is refused, never written', () => {
    expect(() => formatMessage([['Action', 'QueuePause'], ['Reason', 'x\r\nAction: Originate']])).toThrow(AmiFieldError);
  });

  it('protocol - the parser reads the banner, then messages split across chunks, CRLF or LF', () => {
    const p = new AmiParser();
    expect(p.feed('Asterisk Call Manager/5.0.2\r\nResponse: Succ')).toEqual([]);
    expect(p.banner).toBe('Asterisk Call Manager/5.0.2');
    const [a, b] = p.feed('ess\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\nEvent: FullyBooted\n\n');
    expect([a.get('response'), a.get('ActionID'), a.get('Message'), b.get('Event')]).toEqual(['Success', '1', 'Authentication accepted', 'FullyBooted']);
  });
});
