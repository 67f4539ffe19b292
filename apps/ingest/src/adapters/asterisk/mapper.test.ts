import { validateEvent } from '@callboard/metrics';
import { describe, expect, it } from 'vitest';
import { createQueueLogMapper, defaultAgentName, parseQueueLogLine } from './index.ts';

const T = 1795593605; // 2026-11-25T08:00:05Z
const ISO = '2026-11-25T08:00:05.000Z';

describe('asterisk - parseQueueLogLine', () => {
  it.each([
    ['epoch seconds', `${T}|1795593600.7|sales|PJSIP/1001|CONNECT|5|1795593601.8|3`, Date.parse(ISO), ['5', '1795593601.8', '3']],
    ['date-time (newer format) in UTC', '2026-11-25 08:00:05|1795593600.7|sales|NONE|ENTERQUEUE||+390212345678|1', Date.parse(ISO), ['', '+390212345678', '1']],
    ['date-time with microseconds', '2026-11-25 08:00:05.250000|NONE|NONE|NONE|QUEUESTART|', Date.parse(ISO) + 250, ['']],
    ['CRLF line ending', `${T}|NONE|NONE|NONE|QUEUESTART|\r\n`, Date.parse(ISO), ['']],
    ['no data fields', `${T}|NONE|NONE|NONE|QUEUESTART`, Date.parse(ISO), []],
  ])('reads %s', (_, line, ts, data) => {
    const p = parseQueueLogLine(line);
    expect(p.ok && p.record.ts).toBe(ts);
    expect(p.ok && p.record.data).toEqual(data);
  });

  it('reads a date-time in the PBX timezone', () => {
    const p = parseQueueLogLine('2026-11-25 09:00:05|NONE|NONE|NONE|QUEUESTART|', 'Europe/Rome');
    expect(p.ok && p.record.ts).toBe(Date.parse(ISO));
  });

  it.each([
    ['too few fields', `${T}|x|sales|NONE`, /at least 5/],
    ['a bad time', `yesterday|x|sales|NONE|ENTERQUEUE||123|1`, /bad time/],
    ['an impossible date', `2026-02-30 10:00:00|x|sales|NONE|ENTERQUEUE||123|1`, /bad date-time/],
    ['a bad event name', `${T}|x|sales|NONE|enter queue||123|1`, /bad event name/],
    ['an empty queue field', `${T}|x||NONE|ENTERQUEUE||123|1`, /empty/],
  ])('reports %s', (_, line, error) => {
    const p = parseQueueLogLine(line);
    expect(p.ok).toBe(false);
    expect(!p.ok && p.error).toMatch(error);
    expect(!p.ok && p.line).toBe(line);
  });
});

describe('asterisk - createQueueLogMapper', () => {
  const one = (line: string) => {
    const r = createQueueLogMapper({ tenant: 'acme' }).map(line);
    if (r.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(r)}`);
    for (const e of r.events) expect(validateEvent(e).ok).toBe(true);
    return r.events.map(({ v, id, tenant, ts, ...rest }) => rest);
  };

  it.each([
    ['ENTERQUEUE', `${T}|c1|sales|NONE|ENTERQUEUE||+390212345678|1`, [{ type: 'call.offered', callId: 'c1', queue: 'sales', caller: '+390212345678', channel: 'voice' }]],
    ['ENTERQUEUE without caller id', `${T}|c1|sales|NONE|ENTERQUEUE||anonymous|1`, [{ type: 'call.offered', callId: 'c1', queue: 'sales', caller: 'anonymous', channel: 'voice' }]],
    ['CONNECT', `${T}|c1|sales|PJSIP/1001|CONNECT|20|1795593600.9|4`, [{ type: 'call.answered', callId: 'c1', queue: 'sales', agent: '1001', waitMs: 20000 }]],
    ['ABANDON', `${T}|c1|sales|NONE|ABANDON|2|3|38`, [{ type: 'call.abandoned', callId: 'c1', queue: 'sales', waitMs: 38000 }]],
    ['EXITWITHTIMEOUT', `${T}|c1|sales|NONE|EXITWITHTIMEOUT|1|1|60`, [{ type: 'call.exited', callId: 'c1', queue: 'sales', reason: 'timeout', waitMs: 60000 }]],
    ['EXITWITHKEY', `${T}|c1|sales|NONE|EXITWITHKEY|1|1|1|40`, [{ type: 'call.exited', callId: 'c1', queue: 'sales', reason: 'key', waitMs: 40000 }]],
    ['EXITWITHKEY of Asterisk < 1.8 (no waittime)', `${T}|c1|sales|NONE|EXITWITHKEY|1|1`, [{ type: 'call.exited', callId: 'c1', queue: 'sales', reason: 'key' }]],
    ['EXITEMPTY', `${T}|c1|sales|NONE|EXITEMPTY|1|1|2`, [{ type: 'call.exited', callId: 'c1', queue: 'sales', reason: 'empty', waitMs: 2000 }]],
    ['COMPLETEAGENT', `${T}|c1|sales|SIP/1002|COMPLETEAGENT|20|222|1`, [
      { type: 'call.ended', callId: 'c1', queue: 'sales', agent: '1002', by: 'agent', talkMs: 222000 },
      { type: 'agent.state', agent: '1002', state: 'ready' }]],
    ['COMPLETECALLER', `${T}|c1|sales|SIP/1002|COMPLETECALLER|20|222|1`, [
      { type: 'call.ended', callId: 'c1', queue: 'sales', agent: '1002', by: 'caller', talkMs: 222000 },
      { type: 'agent.state', agent: '1002', state: 'ready' }]],
    ['TRANSFER', `${T}|c1|sales|PJSIP/1001|TRANSFER|2050|from-internal|45|150|1`, [
      { type: 'call.transferred', callId: 'c1', queue: 'sales', agent: '1001', target: '2050' },
      { type: 'call.ended', callId: 'c1', queue: 'sales', agent: '1001', by: 'agent', talkMs: 150000 },
      { type: 'agent.state', agent: '1001', state: 'ready' }]],
    ['BLINDTRANSFER', `${T}|c1|sales|PJSIP/1001|BLINDTRANSFER|2050|from-internal|45|150|1`, [
      { type: 'call.transferred', callId: 'c1', queue: 'sales', agent: '1001', target: '2050' },
      { type: 'call.ended', callId: 'c1', queue: 'sales', agent: '1001', by: 'agent', talkMs: 150000 },
      { type: 'agent.state', agent: '1001', state: 'ready' }]],
    ['ATTENDEDTRANSFER (BRIDGE)', `${T}|c1|sales|PJSIP/1001|ATTENDEDTRANSFER|BRIDGE|b-77|45|150|1`, [
      { type: 'call.transferred', callId: 'c1', queue: 'sales', agent: '1001', target: 'b-77' },
      { type: 'call.ended', callId: 'c1', queue: 'sales', agent: '1001', by: 'agent', talkMs: 150000 },
      { type: 'agent.state', agent: '1001', state: 'ready' }]],
    ['AGENTLOGIN', `${T}|NONE|NONE|Agent/2001|AGENTLOGIN|PJSIP/2001-00000001`, [{ type: 'agent.state', agent: '2001', state: 'ready' }]],
    ['AGENTLOGOFF', `${T}|NONE|NONE|Agent/2001|AGENTLOGOFF|PJSIP/2001-00000001|1045`, [{ type: 'agent.state', agent: '2001', state: 'logged_out', queues: [] }]],
    ['ADDMEMBER', `${T}|NONE|sales|PJSIP/1001|ADDMEMBER|`, [{ type: 'agent.state', agent: '1001', state: 'ready', queues: ['sales'] }]],
    ['REMOVEMEMBER', `${T}|NONE|sales|PJSIP/1001|REMOVEMEMBER|`, [{ type: 'agent.state', agent: '1001', state: 'logged_out', queues: [] }]],
    ['PAUSE with a reason', `${T}|NONE|sales|PJSIP/1001|PAUSE|Lunch`, [{ type: 'agent.state', agent: '1001', state: 'paused', reason: 'Lunch' }]],
    ['PAUSEALL without a reason', `${T}|NONE|NONE|PJSIP/1001|PAUSEALL|`, [{ type: 'agent.state', agent: '1001', state: 'paused' }]],
    ['UNPAUSE', `${T}|NONE|sales|PJSIP/1001|UNPAUSE|`, [{ type: 'agent.state', agent: '1001', state: 'ready' }]],
    ['UNPAUSEALL', `${T}|NONE|NONE|PJSIP/1001|UNPAUSEALL|`, [{ type: 'agent.state', agent: '1001', state: 'ready' }]],
  ])('maps %s', (_, line, expected) => {
    expect(one(line)).toEqual(expected);
  });

  it('stamps ts from the epoch (ms) and tenant on every event', () => {
    const r = createQueueLogMapper({ tenant: 'acme' }).map(`${T}|c1|sales|NONE|ENTERQUEUE||+390212345678|1`);
    expect(r.kind === 'events' && r.events[0]).toMatchObject({ v: 1, tenant: 'acme', ts: ISO });
  });

  it.each([
    ['QUEUESTART', `${T}|NONE|NONE|NONE|QUEUESTART|`],
    ['CONFIGRELOAD', `${T}|NONE|NONE|NONE|CONFIGRELOAD|`],
    ['RINGNOANSWER', `${T}|c1|sales|PJSIP/1001|RINGNOANSWER|15000`],
    ['DID', `${T}|c1|NONE|NONE|DID|+390240401000`],
    ['an unknown future event', `${T}|c1|sales|NONE|SOMETHINGNEW|1`],
    ['a blank line', ''],
  ])('ignores %s', (_, line) => {
    expect(createQueueLogMapper({ tenant: 'acme' }).map(line).kind).toBe('ignored');
  });

  it.each([
    ['a truncated line', `${T}|c1|sal`],
    ['CONNECT without agent', `${T}|c1|sales|NONE|CONNECT|5|x|1`],
    ['ENTERQUEUE without queue', `${T}|c1|NONE|NONE|ENTERQUEUE||123|1`],
    ['a non-numeric holdtime', `${T}|c1|sales|PJSIP/1001|CONNECT|five|x|1`],
    ['COMPLETEAGENT without calltime', `${T}|c1|sales|PJSIP/1001|COMPLETEAGENT|5`],
  ])('reports %s as { error, line } without throwing', (_, line) => {
    const r = createQueueLogMapper({ tenant: 'acme' }).map(line);
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.line).toBe(line);
  });

  it('falls back to the ENTERQUEUE time for a missing wait, and to membership for agent queues', () => {
    const m = createQueueLogMapper({ tenant: 'acme' });
    m.map(`${T}|c1|sales|NONE|ENTERQUEUE||123|1`);
    const exit = m.map(`${T + 33}|c1|sales|NONE|EXITWITHKEY|5|1`);
    expect(exit.kind === 'events' && exit.events[0]).toMatchObject({ reason: 'key', waitMs: 33000 });
    m.map(`${T}|NONE|sales|PJSIP/1001|ADDMEMBER|`);
    m.map(`${T}|NONE|support|PJSIP/1001|ADDMEMBER|`);
    m.map(`${T + 1}|NONE|NONE|PJSIP/1001|PAUSEALL|Lunch`);
    const end = m.map(`${T + 60}|c9|sales|PJSIP/1001|COMPLETECALLER|3|50|1`);
    // Paused during the call: back to paused (with its reason) after it.
    expect(end.kind === 'events' && end.events[1]).toMatchObject({ state: 'paused', reason: 'Lunch', queues: ['sales', 'support'] });
  });

  it('gives identical lines distinct but reproducible ids (the n-th copy gets ~n)', () => {
    const line = `${T}|NONE|NONE|PJSIP/1001|PAUSEALL|Break`;
    const ids = () => {
      const m = createQueueLogMapper({ tenant: 'acme' });
      return [m.map(line), m.map(line)].map((r) => (r.kind === 'events' ? r.events[0].id : ''));
    };
    const [a, b] = ids();
    expect(a).toMatch(/^ast-[0-9a-f]{24}$/);
    expect(b).toBe(`${a}~1`);
    expect(ids()).toEqual([a, b]);
  });

  it('uses a custom agent name function', () => {
    const directory: Record<string, string> = { 'PJSIP/1001': 'anna.rossi' };
    const m = createQueueLogMapper({ tenant: 'acme', agentName: (c) => directory[c] ?? defaultAgentName(c) });
    const r = m.map(`${T}|c1|sales|PJSIP/1001|CONNECT|5|x|1`);
    expect(r.kind === 'events' && r.events[0]).toMatchObject({ agent: 'anna.rossi' });
  });
});

describe('asterisk - defaultAgentName', () => {
  it.each([
    ['PJSIP/1001', '1001'],
    ['SIP/1001', '1001'],
    ['SIP/1001-0000001a', '1001'],
    ['PJSIP/anna-00000a3f', 'anna'],
    ['Local/1004@from-queue/n', '1004'],
    ['Local/1004@from-queue;2', '1004'],
    ['Agent/2001', '2001'],
    ['IAX2/trunk-partner', 'trunk-partner'],
    ['Anna Rossi', 'Anna Rossi'],
  ])('%s → %s', (channel, name) => {
    expect(defaultAgentName(channel)).toBe(name);
  });
});
