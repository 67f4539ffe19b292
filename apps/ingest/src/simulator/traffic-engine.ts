/** The discrete-event traffic engine: callers queue, ring a free agent, talk, wrap up; agents follow their shifts. */
import type { AgentStateName, CallEventInput } from '@callboard/metrics';
import { createArrivalProfile, type ArrivalProfile } from './arrival-profile.ts';
import { CallerPool } from './callers.ts';
import { buildAgents, buildQueues, fnv1a, SimulatorConfigError, type Action, type ActionBody, type AgentRt, type CallRt, type EngineConfig, type OutboundOutcome, type QueueRt } from './engine-model.ts';
import { isoTime } from './iso-time.ts';
import { createLocalClock, type LocalClock } from './local-clock.ts';
import { Heap, normaliseCaller, TENANT_PATTERN } from '@callboard/metrics';
import { createRng, type Rng } from './prng.ts';
import { planDay, type Planned } from './roster.ts';

const S = 1000;
const SHORT_ABANDON_MS = 5 * S;

export class TrafficEngine {
  // Ties in time keep their scheduling order, so the same seed always yields the same events.
  private readonly heap = new Heap<Action>((x, y) => x.at < y.at || (x.at === y.at && x.seq < y.seq));
  private readonly rng: Rng;
  private readonly clock: LocalClock;
  private readonly profile: ArrivalProfile;
  private readonly callers: CallerPool;
  private readonly queues: QueueRt[];
  private readonly agents: AgentRt[];
  private readonly runId: string;
  private readonly tenant: string;
  private readonly stopMs: number;
  private now: number;
  private seq = 0;
  private eventNo = 0;
  private callNo = 0;
  private out: CallEventInput[] = [];
  private isoAt = Number.NaN;
  private iso = '';

  constructor(cfg: EngineConfig) {
    if (!TENANT_PATTERN.test(cfg.tenant)) throw new SimulatorConfigError(`tenant must be a lowercase slug, got ${JSON.stringify(cfg.tenant)}`);
    if (!(cfg.scale > 0)) throw new SimulatorConfigError(`scale must be > 0, got ${cfg.scale}`);
    this.tenant = cfg.tenant;
    this.rng = createRng(cfg.seed);
    this.clock = createLocalClock(cfg.timezone);
    this.profile = createArrivalProfile(this.clock);
    this.callers = new CallerPool(this.rng, cfg.timezone);
    this.now = Math.round(cfg.startMs); // every scheduled time is a whole ms, so ts keeps exactly 3 decimals
    this.stopMs = cfg.stopMs;
    // :NOTE: ids depend on tenant, seed and start only, so regenerating the same run republishes the same ids (deduped).
    this.runId = `sim${fnv1a(`${cfg.tenant}/${cfg.seed}`)}${this.now.toString(36)}`;
    this.queues = buildQueues(cfg);
    this.agents = buildAgents(cfg, this.queues);
    const today = this.clock.dayStart(this.now);
    this.planFirstDay(this.clock.dayStart(today - 1), today);
    const tomorrow = this.clock.nextDayStart(today);
    this.atIfOpen(tomorrow, { kind: 'day', dayStart: tomorrow });
    for (const q of this.queues) this.scheduleArrival(q);
  }

  /** Time of the next action, epoch ms (Infinity when the run is over). */
  nextAt(): number {
    return this.heap.peek()?.at ?? Number.POSITIVE_INFINITY;
  }

  /** Run the next action, appending its events to `out`; false when nothing is left. */
  step(out: CallEventInput[]): boolean {
    const a = this.heap.pop();
    if (!a) return false;
    this.now = a.at;
    this.out = out;
    this.run(a);
    return true;
  }

  /** Run every action due at or before `until`, epoch ms. */
  runUntil(until: number, out: CallEventInput[]): void {
    while (this.nextAt() <= until) this.step(out);
  }

  private run(a: Action): void {
    switch (a.kind) {
      case 'arrival':
        this.scheduleArrival(a.queue);
        return this.offer(a.queue, this.callers.next(a.queue.chat));
      case 'offer': return this.offer(a.queue, a.caller);
      case 'leave': return this.leave(a.call);
      case 'answer': return this.answer(a.call, a.agent);
      case 'hangup': return this.hangUp(a.call);
      case 'wrapped': if (a.token === a.agent.epoch) this.available(a.agent); return;
      case 'login': return this.login(a.agent);
      case 'logout': return this.logout(a.agent);
      case 'pause': return this.pause(a.agent, a.reason, a.durationMs);
      case 'unpause': if (a.token === a.agent.epoch && a.agent.state === 'paused') this.available(a.agent); return;
      case 'idle': return this.idle(a.agent, a.token);
      case 'outbound': return this.outboundDone(a);
      case 'day': return this.newDay(a.dayStart);
    }
  }

  // ── calls ────────────────────────────────────────────────────────────────

  private scheduleArrival(q: QueueRt): void {
    // Thinning: candidates at the peak rate, each kept with probability rate(t)/peak (a non-homogeneous Poisson process).
    const peak = this.profile.maxRate(q.perDay);
    if (!(peak > 0)) return;
    let t = this.now;
    for (;;) {
      t += this.rng.exp(1 / peak);
      if (t >= this.stopMs) return;
      if (this.rng.next() * peak < this.profile.rate(q.perDay, t)) {
        this.at(Math.round(t), { kind: 'arrival', queue: q });
        return;
      }
    }
  }

  private offer(q: QueueRt, caller: string): void {
    const call: CallRt = {
      id: `${this.runId}c${(this.callNo++).toString(36)}`, queue: q, caller, offeredAt: this.now, answeredAt: 0,
      status: 'waiting', agent: null, leave: 'abandon', transfer: false,
    };
    const campaigns = q.spec.campaigns;
    const campaign = campaigns?.length && this.rng.chance(0.3) ? this.rng.pick(campaigns) : undefined;
    const offered: CallEventInput = { v: 1, id: this.id(), tenant: this.tenant, ts: this.ts(), type: 'call.offered', callId: call.id, queue: q.spec.name, caller, channel: q.spec.channel };
    if (campaign) offered.campaign = campaign;
    this.out.push(offered);
    if (q.loggedIn === 0 || (q.spec.maxLen !== undefined && q.waiting.length >= q.spec.maxLen)) {
      // Nobody logged in (or the queue is full): the caller hears an announcement and is sent away.
      call.leave = q.loggedIn === 0 ? 'empty' : 'full';
      this.at(this.now + this.ms(this.rng.uniform(1, 4)), { kind: 'leave', call });
      return;
    }
    const patience = this.rng.chance(0.05)
      ? this.rng.uniform(0.5, 5) * S // hangs up almost at once: a short abandon unless answered first
      : this.rng.logNormal(q.spec.patienceMedianMs, 0.9, 5 * S, 3 * 3600 * S);
    const keyAt = this.rng.chance(0.025) ? this.rng.uniform(15, 120) * S : Number.POSITIVE_INFINITY;
    const after = Math.min(patience, q.spec.maxWaitMs, keyAt);
    call.leave = after === keyAt ? 'key' : after === patience ? 'abandon' : 'timeout';
    this.at(this.now + Math.round(after), { kind: 'leave', call });
    q.waiting.push(call);
    const agent = this.freeAgent(q);
    if (agent) this.ring(agent, call);
  }

  /** The ready member idle the longest (Asterisk's "leastrecent"-like strategy). */
  private freeAgent(q: QueueRt): AgentRt | null {
    let best: AgentRt | null = null;
    for (const a of q.members) {
      if (a.state === 'ready' && a.call === null && (best === null || a.readySince < best.readySince)) best = a;
    }
    return best;
  }

  private ring(agent: AgentRt, call: CallRt): void {
    const w = call.queue.waiting;
    w.splice(w.indexOf(call), 1);
    call.status = 'ringing';
    call.agent = agent;
    agent.call = call;
    agent.epoch++;
    const ringS = call.queue.chat ? this.rng.uniform(1, 4) : this.rng.uniform(2, 7);
    this.at(this.now + this.ms(ringS), { kind: 'answer', call, agent });
  }

  private leave(call: CallRt): void {
    if (call.status !== 'waiting' && call.status !== 'ringing') return;
    const ringing = call.agent;
    if (ringing) {
      // The caller hung up while an agent's phone was ringing: the agent is free again.
      ringing.call = null;
      ringing.epoch++;
      call.agent = null;
    } else {
      const w = call.queue.waiting;
      const i = w.indexOf(call);
      if (i >= 0) w.splice(i, 1);
    }
    call.status = 'gone';
    const waitMs = this.now - call.offeredAt;
    const queue = call.queue.spec.name;
    if (call.leave === 'abandon') this.out.push({ v: 1, id: this.id(), tenant: this.tenant, ts: this.ts(), type: 'call.abandoned', callId: call.id, queue, waitMs });
    else this.out.push({ v: 1, id: this.id(), tenant: this.tenant, ts: this.ts(), type: 'call.exited', callId: call.id, queue, reason: call.leave, waitMs });
    const short = call.leave === 'abandon' && waitMs < SHORT_ABANDON_MS;
    if (!short) this.callers.markMissed(call.caller);
    // Many missed callers try again a few minutes later (the repeat callers of the callback list).
    if (this.rng.chance(call.queue.chat || call.leave === 'empty' ? 0.15 : short ? 0.3 : 0.4)) {
      this.atIfOpen(this.now + this.ms(Math.max(20, this.rng.exp(360))), { kind: 'offer', queue: call.queue, caller: call.caller });
    }
    if (ringing) this.findWork(ringing);
  }

  private answer(call: CallRt, agent: AgentRt): void {
    if (call.status !== 'ringing' || call.agent !== agent) return;
    call.status = 'talking';
    call.answeredAt = this.now;
    agent.epoch++;
    this.out.push({ v: 1, id: this.id(), tenant: this.tenant, ts: this.ts(), type: 'call.answered', callId: call.id, queue: call.queue.spec.name, agent: agent.name, waitMs: this.now - call.offeredAt });
    this.callers.served(call.caller);
    call.transfer = !call.queue.chat && this.rng.chance(0.04);
    const talk = this.rng.logNormal(call.queue.spec.talkMedianMs, 0.6, 15 * S, 45 * 60 * S);
    this.at(this.now + Math.round(talk), { kind: 'hangup', call });
  }

  private hangUp(call: CallRt): void {
    const agent = call.agent as AgentRt;
    const queue = call.queue.spec.name;
    const talkMs = this.now - call.answeredAt;
    if (call.transfer) {
      const others = this.queues.filter((q) => !q.chat && q !== call.queue && q.spec.name !== 'vip');
      const toQueue = others.length > 0 && this.rng.chance(0.65) ? this.rng.pick(others) : null;
      const target = toQueue ? toQueue.spec.name : this.rng.pick(['2100', '2105', '2210', '2301']);
      this.out.push({ v: 1, id: this.id(), tenant: this.tenant, ts: this.ts(), type: 'call.transferred', callId: call.id, queue, agent: agent.name, target });
      this.out.push({ v: 1, id: this.id(), tenant: this.tenant, ts: this.ts(), type: 'call.ended', callId: call.id, queue, agent: agent.name, by: 'agent', talkMs });
      if (toQueue) this.atIfOpen(this.now + this.ms(this.rng.uniform(1, 3)), { kind: 'offer', queue: toQueue, caller: call.caller });
    } else {
      const by = this.rng.chance(0.01) ? 'system' : this.rng.chance(0.55) ? 'caller' : 'agent';
      this.out.push({ v: 1, id: this.id(), tenant: this.tenant, ts: this.ts(), type: 'call.ended', callId: call.id, queue, agent: agent.name, by, talkMs });
    }
    call.status = 'gone';
    agent.call = null;
    this.wrapUp(agent, call.queue.chat ? 10 * S : 20 * S);
  }

  // ── agents ───────────────────────────────────────────────────────────────

  private wrapUp(agent: AgentRt, medianMs: number): void {
    this.setState(agent, 'wrap_up');
    const wrap = this.rng.logNormal(medianMs, 0.6, 2 * S, 3 * 60 * S);
    this.at(this.now + Math.round(wrap), { kind: 'wrapped', agent, token: agent.epoch });
  }

  /** After wrap-up, a pause or log-in: apply what came due meanwhile, else become ready and look for work. */
  private available(agent: AgentRt): void {
    const pending = agent.pending;
    agent.pending = null;
    if (pending === 'logout') return this.signOut(agent);
    if (pending) return this.startPause(agent, pending.reason, pending.durationMs);
    this.setState(agent, 'ready');
    agent.readySince = this.now;
    this.findWork(agent);
  }

  /** A free ready agent takes the oldest caller of its highest-priority queue, or idles (and may call someone back). */
  private findWork(agent: AgentRt): void {
    let best: CallRt | null = null;
    for (const q of agent.queues) {
      const head = q.waiting[0];
      if (head && (best === null || q.priority > best.queue.priority ||
        (q.priority === best.queue.priority && head.offeredAt < best.offeredAt))) best = head;
    }
    if (best) return this.ring(agent, best);
    if (agent.voice) this.atIfOpen(this.now + this.ms(30 + this.rng.exp(150)), { kind: 'idle', agent, token: agent.epoch });
  }

  private login(agent: AgentRt): void {
    if (agent.state !== 'logged_out') return;
    for (const q of agent.queues) q.loggedIn++;
    this.available(agent);
  }

  private logout(agent: AgentRt): void {
    if (agent.state === 'logged_out') return;
    if ((agent.state === 'ready' || agent.state === 'paused') && agent.call === null) return this.signOut(agent);
    agent.pending = 'logout';
  }

  private signOut(agent: AgentRt): void {
    for (const q of agent.queues) q.loggedIn--;
    this.setState(agent, 'logged_out');
  }

  private pause(agent: AgentRt, reason: string, durationMs: number): void {
    if (agent.state === 'ready' && agent.call === null) return this.startPause(agent, reason, durationMs);
    // On a call: pause after wrap-up (what agents do with "pause after this call"). Already paused: skip it.
    if (agent.state !== 'logged_out' && agent.state !== 'paused' && agent.pending === null) agent.pending = { reason, durationMs };
  }

  private startPause(agent: AgentRt, reason: string, durationMs: number): void {
    this.setState(agent, 'paused', reason);
    this.at(this.now + durationMs, { kind: 'unpause', agent, token: agent.epoch });
  }

  /** Now and then an idle agent calls back the oldest missed caller. */
  private idle(agent: AgentRt, token: number): void {
    if (token !== agent.epoch || agent.state !== 'ready' || agent.call !== null) return;
    const missed = this.callers.missedCount > 0 && this.rng.chance(0.5) ? this.callers.takeOldestMissed() : undefined;
    if (!missed) {
      this.atIfOpen(this.now + this.ms(60 + this.rng.exp(240)), { kind: 'idle', agent, token });
      return;
    }
    this.setState(agent, 'busy', 'callback');
    const r = this.rng.next();
    const outcome: OutboundOutcome = r < 0.55 ? 'answered' : r < 0.85 ? 'no_answer' : r < 0.95 ? 'busy' : 'failed';
    const ringS = outcome === 'answered' ? this.rng.uniform(5, 20) : outcome === 'no_answer' ? this.rng.uniform(20, 30)
      : outcome === 'busy' ? this.rng.uniform(3, 8) : this.rng.uniform(1, 3);
    const talkMs = outcome === 'answered' ? Math.round(this.rng.logNormal(120 * S, 0.5, 20 * S, 20 * 60 * S)) : 0;
    const callId = `${this.runId}o${(this.callNo++).toString(36)}`;
    this.at(this.now + this.ms(ringS) + talkMs, { kind: 'outbound', agent, token: agent.epoch, callId, missed, outcome, talkMs });
  }

  private outboundDone(a: Extract<Action, { kind: 'outbound' }>): void {
    const { agent, missed, outcome } = a;
    const event: CallEventInput = { v: 1, id: this.id(), tenant: this.tenant, ts: this.ts(), type: 'call.outbound', callId: a.callId, agent: agent.name, number: missed.number, outcome };
    if (outcome === 'answered') event.talkMs = a.talkMs;
    // The callback request's id, as the agent's "Call" button gives it to the PBX (numbers here are E.164: no country needed).
    event.callbackId = normaliseCaller(missed.number, 'IT').key;
    this.out.push(event);
    if (outcome === 'answered') this.callers.served(missed.number);
    else if (missed.attempts < 2) this.callers.markMissed(missed.number, missed.attempts + 1);
    this.wrapUp(agent, outcome === 'answered' ? 15 * S : 3 * S);
  }

  private setState(agent: AgentRt, state: AgentStateName, reason?: string): void {
    agent.state = state;
    agent.epoch++;
    const event: CallEventInput = { v: 1, id: this.id(), tenant: this.tenant, ts: this.ts(), type: 'agent.state', agent: agent.name, state, queues: agent.queueNames };
    if (reason) event.reason = reason;
    this.out.push(event);
  }

  // ── days and shifts ──────────────────────────────────────────────────────

  private newDay(dayStart: number): void {
    const next = this.clock.nextDayStart(dayStart);
    this.atIfOpen(next, { kind: 'day', dayStart: next });
    for (const agent of this.agents) {
      for (const p of planDay(agent.spec, dayStart, this.clock, this.rng)) this.schedulePlanned(agent, p);
    }
  }

  /** Yesterday's and today's plans, cut at the start: whoever is on shift now logs in now. */
  private planFirstDay(yesterday: number, today: number): void {
    for (const day of [yesterday, today]) {
      for (const agent of this.agents) {
        const plan = planDay(agent.spec, day, this.clock, this.rng);
        const logout = plan[plan.length - 1];
        if (!logout || logout.at <= this.now) continue;
        for (const p of plan) {
          if (p.kind === 'login') this.schedulePlanned(agent, { kind: 'login', at: Math.max(p.at, this.now) });
          else if (p.at >= this.now) this.schedulePlanned(agent, p);
        }
      }
    }
  }

  private schedulePlanned(agent: AgentRt, p: Planned): void {
    const at = Math.max(p.at, this.now); // a jittered log-in just before midnight must not go back in time
    if (p.kind === 'pause') this.atIfOpen(at, { kind: 'pause', agent, reason: p.reason, durationMs: p.durationMs });
    else if (p.kind === 'login') this.atIfOpen(at, { kind: 'login', agent });
    else this.atIfOpen(at, { kind: 'logout', agent });
  }

  // ── plumbing ─────────────────────────────────────────────────────────────

  private at(at: number, body: ActionBody): void {
    const action = body as Action;
    action.at = at;
    action.seq = this.seq++;
    this.heap.push(action);
  }

  private atIfOpen(at: number, action: ActionBody): void {
    if (at < this.stopMs) this.at(at, action);
  }

  private ms(seconds: number): number {
    return Math.round(seconds * S);
  }

  // Events are built as plain literals (no spreads): this is the hot path of the 300k events/s benchmark.
  private id(): string {
    return `${this.runId}-${(this.eventNo++).toString(36)}`;
  }

  private ts(): string {
    if (this.now !== this.isoAt) {
      this.isoAt = this.now;
      this.iso = isoTime(this.now);
    }
    return this.iso;
  }
}
