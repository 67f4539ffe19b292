/** Maps Asterisk queue_log lines to callboard events, with ids derived from the line so re-reading never double-counts. */
import { createHash } from 'node:crypto';
import type { CallEventInput } from '@callboard/metrics';
import { defaultAgentName } from './agent-name.ts';
import { parseQueueLogLine, type QueueLogRecord } from './parse-line.ts';

export interface QueueLogMapperOptions {
  tenant: string;
  /** Zone of date-time time columns (newer queue_log format); epoch-second lines do not need it. Default UTC. */
  timezone?: string;
  /** Agent name from a member interface or channel; default strips the technology and channel suffixes. */
  agentName?: (channel: string) => string;
}

export type QueueLogResult =
  | { kind: 'events'; events: CallEventInput[] }
  /** A known line with no counterpart in the contract (QUEUESTART, RINGNOANSWER, …). */
  | { kind: 'ignored'; reason: string }
  /** A line that cannot be read; reported, never thrown. */
  | { kind: 'error'; error: string; line: string };

export interface QueueLogMapper {
  map(line: string): QueueLogResult;
}

type Payload = CallEventInput extends infer E ? (E extends CallEventInput ? Omit<E, 'v' | 'id' | 'tenant' | 'ts'> : never) : never;

interface AgentTrack {
  state: 'ready' | 'paused' | 'logged_out';
  reason?: string;
  /** Queues the agent is a member of, as far as this mapper has seen (ADDMEMBER/REMOVEMEMBER). */
  queues: Set<string>;
}

class LineError extends Error {}

/**
 * :NOTE: lines carry no reason to emit anything for these. RINGNOANSWER is an agent not picking up a
 * ringing call: the caller keeps waiting (no call event), and Asterisk logs autopause as its own PAUSE line.
 */
const IGNORED: Record<string, string> = {
  QUEUESTART: 'queue engine started',
  CONFIGRELOAD: 'configuration reloaded',
  SYSCOMPAT: 'channel compatibility notice',
  DID: 'dialled number (informational)',
  INFO: 'informational',
  RINGNOANSWER: 'agent did not answer; the caller is still waiting',
  RINGCANCELED: 'ring attempt cancelled; the caller is still waiting',
  AGENTDUMP: 'agent hung up during the announcement; the call outcome follows',
};

/** Ignored identical-line counters older than this are forgotten (identical lines share one timestamp). */
const DUP_MEMORY_MS = 5 * 60_000;
/** Calls and counters are pruned every this many lines, so a long follow keeps a flat memory. */
const PRUNE_EVERY = 5000;
const CALL_MEMORY_MS = 24 * 3600_000;

export function createQueueLogMapper(opts: QueueLogMapperOptions): QueueLogMapper {
  const agentName = opts.agentName ?? defaultAgentName;
  const calls = new Map<string, { queue: string; enteredAt: number }>();
  const agents = new Map<string, AgentTrack>();
  const seen = new Map<string, { count: number; ts: number }>();
  let lines = 0;

  const track = (name: string): AgentTrack => {
    let a = agents.get(name);
    if (!a) agents.set(name, (a = { state: 'logged_out', queues: new Set() }));
    return a;
  };
  const stateOf = (name: string, a: AgentTrack): Payload => ({
    type: 'agent.state', agent: name, state: a.state,
    ...(a.state === 'paused' && a.reason ? { reason: a.reason } : {}),
    ...(a.queues.size > 0 || a.state === 'logged_out' ? { queues: [...a.queues].sort() } : {}),
  });
  /** After a call the agent returns to what it was (ready, or paused if it paused meanwhile); unknown agents are ready. */
  const afterCall = (name: string): Payload => {
    const a = agents.get(name);
    return a ? stateOf(name, a) : { type: 'agent.state', agent: name, state: 'ready' };
  };

  const handlers: Record<string, (r: QueueLogRecord) => Payload[]> = {
    ENTERQUEUE: (r) => {
      calls.set(r.callId, { queue: queue(r), enteredAt: r.ts });
      return [{ type: 'call.offered', callId: r.callId, queue: queue(r), caller: caller(r.data[1]), channel: 'voice' }];
    },
    CONNECT: (r) => [{ type: 'call.answered', callId: r.callId, queue: queue(r), agent: agent(r), ...wait(r, 0) }],
    ABANDON: (r) => leave(r, { type: 'call.abandoned', callId: r.callId, queue: queue(r), ...wait(r, 2) }),
    EXITWITHTIMEOUT: (r) => leave(r, { type: 'call.exited', callId: r.callId, queue: queue(r), reason: 'timeout', ...wait(r, 2) }),
    EXITEMPTY: (r) => leave(r, { type: 'call.exited', callId: r.callId, queue: queue(r), reason: 'empty', ...wait(r, 2) }),
    // EXITWITHKEY: key|position|origposition|waittime (waittime only since Asterisk 1.8).
    EXITWITHKEY: (r) => leave(r, { type: 'call.exited', callId: r.callId, queue: queue(r), reason: 'key', ...wait(r, 3) }),
    COMPLETEAGENT: (r) => ended(r, 'agent', seconds(r, 1, 'calltime')),
    COMPLETECALLER: (r) => ended(r, 'caller', seconds(r, 1, 'calltime')),
    // TRANSFER and BLINDTRANSFER: extension|context|holdtime|calltime|origposition.
    TRANSFER: (r) => transferred(r, r.data[0], seconds(r, 3, 'calltime')),
    BLINDTRANSFER: (r) => transferred(r, r.data[0], seconds(r, 3, 'calltime')),
    // ATTENDEDTRANSFER: BRIDGE|bridge|… APP|app|… LINK|chan1|chan2|…, always ending holdtime|calltime|origposition.
    ATTENDEDTRANSFER: (r) => transferred(r, r.data[0] === 'LINK' ? r.data[2] : r.data[1], seconds(r, r.data.length - 2, 'calltime')),
    AGENTLOGIN: (r) => memberState(r, (a) => { a.state = 'ready'; a.reason = undefined; }),
    AGENTCALLBACKLOGIN: (r) => memberState(r, (a) => { a.state = 'ready'; a.reason = undefined; }),
    AGENTLOGOFF: (r) => memberState(r, (a) => { a.state = 'logged_out'; a.queues.clear(); }),
    AGENTCALLBACKLOGOFF: (r) => memberState(r, (a) => { a.state = 'logged_out'; a.queues.clear(); }),
    ADDMEMBER: (r) => memberState(r, (a) => {
      a.queues.add(queue(r));
      if (a.state === 'logged_out') a.state = 'ready';
    }),
    // Membership is per queue; the agent is logged out only when it has left its last known queue.
    REMOVEMEMBER: (r) => memberState(r, (a) => {
      a.queues.delete(queue(r));
      if (a.queues.size === 0) a.state = 'logged_out';
    }),
    // :NOTE: events have one state per agent, so a pause in one queue pauses the agent (most PBXs pause all anyway).
    PAUSE: (r) => memberState(r, (a) => { a.state = 'paused'; a.reason = r.data[0] || undefined; }),
    PAUSEALL: (r) => memberState(r, (a) => { a.state = 'paused'; a.reason = r.data[0] || undefined; }),
    UNPAUSE: (r) => memberState(r, (a) => { a.state = 'ready'; a.reason = undefined; }),
    UNPAUSEALL: (r) => memberState(r, (a) => { a.state = 'ready'; a.reason = undefined; }),
  };

  function queue(r: QueueLogRecord): string {
    if (r.queue === 'NONE') throw new LineError(`${r.event} without a queue`);
    return r.queue.slice(0, 120);
  }
  function agent(r: QueueLogRecord): string {
    if (r.agent === 'NONE') throw new LineError(`${r.event} without an agent`);
    return (agentName(r.agent) || r.agent).slice(0, 120);
  }
  /** waitMs from a seconds field, else from the ENTERQUEUE seen earlier, else omitted. */
  function wait(r: QueueLogRecord, i: number): { waitMs?: number } {
    if (r.data[i] !== undefined && r.data[i] !== '') return { waitMs: seconds(r, i, 'wait time') };
    const entered = calls.get(r.callId);
    return entered ? { waitMs: Math.max(0, r.ts - entered.enteredAt) } : {};
  }
  function leave(r: QueueLogRecord, p: Payload): Payload[] {
    calls.delete(r.callId);
    return [p];
  }
  function ended(r: QueueLogRecord, by: 'agent' | 'caller', talkMs: number): Payload[] {
    calls.delete(r.callId);
    const name = agent(r);
    return [{ type: 'call.ended', callId: r.callId, queue: queue(r), agent: name, by, talkMs }, afterCall(name)];
  }
  function transferred(r: QueueLogRecord, target: string | undefined, talkMs: number): Payload[] {
    calls.delete(r.callId);
    const name = agent(r);
    const base = { callId: r.callId, queue: queue(r), agent: name };
    return [
      { type: 'call.transferred', ...base, target: (target || 'unknown').slice(0, 120) },
      { type: 'call.ended', ...base, by: 'agent', talkMs },
      afterCall(name),
    ];
  }
  function memberState(r: QueueLogRecord, change: (a: AgentTrack) => void): Payload[] {
    const name = agent(r);
    const a = track(name);
    change(a);
    return [stateOf(name, a)];
  }

  function prune(now: number): void {
    for (const [k, v] of seen) if (now - v.ts > DUP_MEMORY_MS) seen.delete(k);
    for (const [k, v] of calls) if (now - v.enteredAt > CALL_MEMORY_MS) calls.delete(k);
  }

  return {
    map(line) {
      const text = line.replace(/\r?\n$/, '').replace(/\r$/, '');
      if (text.trim() === '') return { kind: 'ignored', reason: 'blank line' };
      const parsed = parseQueueLogLine(text, opts.timezone);
      if (!parsed.ok) return { kind: 'error', error: parsed.error, line: text };
      const r = parsed.record;
      if (++lines % PRUNE_EVERY === 0) prune(r.ts);
      const handler = handlers[r.event];
      if (!handler) return { kind: 'ignored', reason: IGNORED[r.event] ?? `event ${r.event} has no counterpart in the event contract` };
      let payloads: Payload[];
      try {
        payloads = handler(r);
      } catch (err) {
        if (err instanceof LineError) return { kind: 'error', error: err.message, line: text };
        throw err;
      }
      // :NOTE: the id is a hash of tenant and line; the n-th identical line (same second, same content) gets ~n.
      const hash = createHash('sha1').update(`${opts.tenant}\n${text}`).digest('hex').slice(0, 24);
      const dup = seen.get(hash);
      const n = dup ? dup.count : 0;
      seen.set(hash, { count: n + 1, ts: r.ts });
      const base = `ast-${hash}${n > 0 ? `~${n}` : ''}`;
      const ts = new Date(r.ts).toISOString();
      const events = payloads.map((p, i) => ({ v: 1, id: i === 0 ? base : `${base}-${i}`, tenant: opts.tenant, ts, ...p }) as CallEventInput);
      return { kind: 'events', events };
    },
  };
}

/** An integer seconds field (holdtime, calltime, waittime) as ms. */
function seconds(r: QueueLogRecord, i: number, name: string): number {
  const v = r.data[i];
  if (v === undefined || !/^\d+$/.test(v)) throw new LineError(`${r.event}: ${name} (data${i + 1}) must be whole seconds, got ${JSON.stringify(v ?? null)}`);
  return Number(v) * 1000;
}

/** Caller id as logged; Asterisk writes empty or "anonymous"/"unknown" when it was withheld. */
function caller(raw: string | undefined): string {
  const v = (raw ?? '').trim();
  return v === '' || /^(anonymous|unknown|<unknown>|restricted|private)$/i.test(v) ? 'anonymous' : v.slice(0, 120);
}
