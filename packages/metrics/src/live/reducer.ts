/**
 * The live state of one tenant, fed one event at a time (pure: no I/O, time only from events and
 * the wall clock passed in). Emits finished call facts and closed agent intervals for storage and
 * keeps today's component totals per queue, per agent and overall, as the sum of the same
 * per-leg contributions the SQL side aggregates.
 */
import type { AgentStateName, CallEvent, EventOf } from '../events/schema.ts';
import type { AgentInterval, CallFact } from '../facts.ts';
import { queueSettings, type TenantSettings } from '../settings.ts';
import { createDayResolver, type DayWindow } from '../time.ts';
import { Totals } from './totals.ts';
import { Deadlines } from './deadlines.ts';

export interface ReducerOptions {
  /** A wrap-up must start within this long after the call ends to count as that call's wrap-up, ms. */
  wrapStartGraceMs: number;
  /** Wrap-up longer than this is cut (agent forgot to leave wrap-up), ms. */
  maxWrapMs: number;
  /** A finished leg is held this long for late events before it is emitted as a fact, ms. */
  emitGraceMs: number;
  /** A caller "waiting" longer than this is a lost event: dropped from the waiting list, ms. */
  maxWaitMs: number;
  /** A call "talking" longer than this is a lost call.ended: finished by the system, ms. */
  maxTalkMs: number;
}

/**
 * The longest duration the reducer computes (wait, talk, wrap-up), ms: the event schema's bound on
 * a reported duration (7 days), well inside call_facts' UInt32 columns (which wrap at ~49.7 days).
 */
export const MAX_DURATION_MS = 7 * 24 * 3600_000;

/** A computed duration: never negative, never beyond MAX_DURATION_MS (timestamps may be anything the schema allows). */
export function boundedMs(ms: number): number {
  return Math.min(MAX_DURATION_MS, Math.max(0, ms));
}

export const DEFAULT_REDUCER_OPTIONS: ReducerOptions = {
  wrapStartGraceMs: 3_000,
  maxWrapMs: 15 * 60_000,
  emitGraceMs: 5_000,
  maxWaitMs: 4 * 3600_000,
  maxTalkMs: 8 * 3600_000,
};

export interface Leg extends CallFact {
  /** waitMs came from the event (else derived from timestamps and re-derived on a late call.offered). */
  waitKnown: boolean;
  /** Clock at which the leg finished (start of its emit grace). */
  finishedAt: number | null;
  /** A call.transferred that came before the call.answered it follows: applied once answered. */
  transferAt: number | null;
}

export interface AgentRuntime {
  agent: string;
  state: AgentStateName;
  since: number;
  reason: string;
  queues: string[];
  /** factId of the call being talked. */
  onCall: string | null;
  /** factId of the last ended call whose wrap-up is not settled yet. */
  pendingWrap: string | null;
  wrapStart: number | null;
  /** Queue of the call the current interval belongs to (busy / wrap-up), else ''. */
  queue: string;
}

export interface Emitted {
  facts: CallFact[];
  intervals: AgentInterval[];
}

export class TenantLive {
  readonly legs = new Map<string, Leg>();
  readonly agents = new Map<string, AgentRuntime>();
  readonly queueTotals = new Map<string, Totals>();
  readonly agentTotals = new Map<string, Totals>();
  total = new Totals();
  /** Bumped on every change; lets the server skip unchanged tenants. */
  version = 0;
  private readonly dayOf: (ts: number) => DayWindow;
  private today: DayWindow | null = null;
  /**
   * Contributions to days after today (a PBX clock a little fast: a call stamped 00:01 while the
   * wall clock says 23:59): legs emitted and intervals closed before the wall day turns, kept
   * until it does so that the new day's totals include them, as its history will.
   */
  private readonly ahead = new Map<string, DayTotals>();
  private watermark = 0;
  private watermarkWall = 0;
  /**
   * Legs already emitted, by local day, for today and yesterday: a late event for one of them (a
   * redelivery after a crash can come minutes late, hours of event time later) must not start a
   * second leg.
   */
  private readonly emitted = new Map<string, Set<string>>();
  private out: Emitted = { facts: [], intervals: [] };
  /** When to look at a leg or an agent again (wrap-up grace, emit grace, lost-event timeouts). */
  private readonly due = new Deadlines();
  readonly options: ReducerOptions;

  constructor(readonly tenant: string, public settings: TenantSettings, options: Partial<ReducerOptions> = {}) {
    this.options = { ...DEFAULT_REDUCER_OPTIONS, ...options };
    this.dayOf = createDayResolver(settings.timezone);
  }

  /** Event time advanced by the wall time elapsed since the newest event: correct for live feeds and bulk imports. */
  clock(wallNow: number): number {
    return this.watermark === 0 ? wallNow : this.watermark + Math.max(0, wallNow - this.watermarkWall);
  }

  /**
   * The reducer's present for the day and for routing: its event clock, but never ahead of the
   * wall clock, so a PBX clock running fast cannot start tomorrow early (its events still count,
   * on their own day, once the wall clock gets there). Timers keep running on the event clock.
   */
  now(wallNow: number): number {
    return Math.min(this.clock(wallNow), wallNow);
  }

  get day(): DayWindow | null {
    return this.today;
  }

  /** True when this reducer holds the call leg or has emitted it lately: its further events belong here. */
  knows(callId: string, queue: string): boolean {
    const factId = `${callId}|${queue}`;
    if (this.legs.has(factId)) return true;
    for (const set of this.emitted.values()) if (set.has(factId)) return true;
    return false;
  }


  /** Apply one (already de-duplicated) event. */
  apply(ev: CallEvent, wallNow: number): void {
    if (ev.ts > this.watermark) {
      this.watermark = ev.ts;
      this.watermarkWall = wallNow;
    }
    this.rollover(this.now(wallNow));
    this.version++;
    switch (ev.type) {
      case 'call.offered': return this.offered(ev);
      case 'call.answered': return this.answered(ev);
      case 'call.abandoned': return this.leftQueue(ev, 'abandoned');
      case 'call.exited': return this.leftQueue(ev, 'exited');
      case 'call.transferred': return this.transferred(ev);
      case 'call.ended': return this.ended(ev);
      case 'agent.state': return this.agentState(ev);
      case 'call.outbound': return; // outbound attempts feed callbacks, not queue metrics
    }
  }

  /**
   * Time-driven work: settle wrap-ups, emit legs past their grace, drop lost calls, roll the day.
   * Cheap when nothing is due (a heap of deadlines), so the engine calls it before every event:
   * then the outcome depends only on the events and the wall times they were applied at, which
   * the engine stores, and a replay after a restart rebuilds exactly the same state.
   */
  advance(wallNow: number): void {
    const now = this.clock(wallNow);
    this.rollover(this.now(wallNow));
    for (let d = this.due.popDue(now); d; d = this.due.popDue(now)) {
      if (d.kind === 'agent') this.checkAgent(d.key, now);
      else this.checkLeg(d.key, now);
    }
  }

  private checkAgent(name: string, now: number): void {
    const a = this.agents.get(name);
    if (!a?.pendingWrap) return;
    const leg = this.legs.get(a.pendingWrap);
    const o = this.options;
    if (!leg) a.pendingWrap = null;
    else if (a.wrapStart === null && now >= (leg.endedAt ?? 0) + o.wrapStartGraceMs) this.settleWrap(a, 0);
    else if (a.wrapStart !== null && now >= a.wrapStart + o.maxWrapMs) this.settleWrap(a, o.maxWrapMs);
  }

  private checkLeg(factId: string, now: number): void {
    const leg = this.legs.get(factId);
    const o = this.options;
    if (!leg) return;
    if (leg.finished) {
      if (now >= (leg.finishedAt ?? 0) + o.emitGraceMs) this.emit(leg);
    } else if (leg.outcome === 'waiting' && now - leg.offeredAt > o.maxWaitMs) {
      this.legs.delete(leg.factId); // :NOTE: a lost abandon; counting it would invent an outcome
      this.version++;
    } else if (leg.outcome === 'answered' && leg.endedAt === null && now - (leg.answeredAt ?? now) > o.maxTalkMs) {
      // :NOTE: ended at the limit, not at `now`: a clock that jumped (a burst of newer events) must
      // not turn a lost call.ended into an absurd talk time.
      const endedAt = Math.min(now, (leg.answeredAt ?? now) + o.maxTalkMs);
      this.mutate(leg, (l) => { l.endedAt = endedAt; l.talkMs = boundedMs(endedAt - (l.answeredAt ?? endedAt)); l.endedBy = 'system'; });
      const agent = this.agents.get(leg.agent);
      if (agent?.onCall === leg.factId) {
        agent.onCall = null;
        agent.pendingWrap = leg.factId;
        agent.wrapStart = null;
        this.due.push({ at: endedAt + o.wrapStartGraceMs, kind: 'agent', key: agent.agent });
      } else this.finish(leg, 0);
    }
  }

  /** Settle everything that can be settled now, as if all grace periods had passed (shutdown, tests). */
  flush(): void {
    for (const a of this.agents.values()) if (a.pendingWrap) this.settleWrap(a, a.wrapStart === null ? 0 : this.watermark - a.wrapStart);
    for (const leg of this.legs.values()) if (leg.finished) this.emit(leg);
  }

  /**
   * Emit at once the legs that are final but still waiting out their emit grace (a clean stop stores them, so a
   * restart has nothing to restore). Open legs and pending wrap-ups are left to the replay after the restart.
   */
  emitFinished(): void {
    for (const leg of [...this.legs.values()]) if (leg.finished) this.emit(leg);
  }

  /** True when facts or intervals wait to be drained. */
  get hasEmitted(): boolean {
    return this.out.facts.length > 0 || this.out.intervals.length > 0;
  }

  /** Facts emitted and not yet drained: gone from `legs`, not yet handed to storage (a report adds them to today). */
  get pendingFacts(): readonly CallFact[] {
    return this.out.facts;
  }

  /** Take what was emitted since the last drain. */
  drain(): Emitted {
    const out = this.out;
    this.out = { facts: [], intervals: [] };
    return out;
  }

  // ---- calls ----

  private leg(ev: { callId: string; queue: string; ts: number }, waitMs: number | undefined): Leg | null {
    const factId = `${ev.callId}|${ev.queue}`;
    for (const set of this.emitted.values()) if (set.has(factId)) return null;
    let leg = this.legs.get(factId);
    if (!leg) {
      // :NOTE: call.offered missing or not yet arrived: estimate the offer time from the wait.
      const offeredAt = ev.ts - (waitMs ?? 0);
      leg = {
        tenant: this.tenant, factId, callId: ev.callId, queue: ev.queue, caller: '', channel: 'voice', campaign: '',
        day: this.dayOf(offeredAt).day, offeredAt, answeredAt: null, endedAt: null, agent: '', waitMs: 0, talkMs: 0,
        wrapMs: 0, outcome: 'waiting', exitReason: '', endedBy: '', transferred: false, finished: false,
        waitKnown: false, finishedAt: null, transferAt: null,
      };
      this.legs.set(factId, leg);
      this.due.push({ at: offeredAt + this.options.maxWaitMs + 1, kind: 'leg', key: factId });
    }
    return leg;
  }

  /** Change a leg, keeping today's totals equal to the sum of contributions. */
  private mutate(leg: Leg, change: (l: Leg) => void): void {
    this.contribute(leg, -1);
    change(leg);
    this.contribute(leg, 1);
  }

  private contribute(leg: Leg, sign: 1 | -1): void {
    if (leg.outcome === 'waiting' || leg.day !== this.today?.day) return;
    const s = queueSettings(this.settings, leg.queue);
    groupTotals(this.queueTotals, leg.queue).addLeg(leg, s, sign);
    if (leg.agent) groupTotals(this.agentTotals, leg.agent).addLeg(leg, s, sign);
    this.total.addLeg(leg, s, sign);
  }

  private offered(ev: EventOf<'call.offered'>): void {
    const leg = this.leg(ev, undefined);
    if (!leg) return;
    this.mutate(leg, (l) => {
      l.caller = ev.caller;
      l.channel = ev.channel;
      l.campaign = ev.campaign ?? '';
      l.offeredAt = ev.ts;
      // A late call.offered fixes a wait that was derived from timestamps (not one the PBX reported).
      const leftAt = l.answeredAt ?? (l.outcome !== 'waiting' ? l.endedAt : null);
      if (leftAt !== null && !l.waitKnown) l.waitMs = boundedMs(leftAt - ev.ts);
      l.day = this.dayOf(l.offeredAt).day;
    });
  }

  private answered(ev: EventOf<'call.answered'>): void {
    const leg = this.leg(ev, ev.waitMs);
    if (!leg || leg.outcome !== 'waiting') return;
    this.mutate(leg, (l) => {
      l.outcome = 'answered';
      l.answeredAt = ev.ts;
      l.agent = ev.agent;
      l.waitKnown = ev.waitMs !== undefined;
      l.waitMs = ev.waitMs ?? boundedMs(ev.ts - l.offeredAt);
    });
    this.due.push({ at: ev.ts + this.options.maxTalkMs + 1, kind: 'leg', key: leg.factId });
    const a = this.agent(ev.agent, ev.ts);
    if (a.pendingWrap) this.settleWrap(a, a.wrapStart === null ? 0 : ev.ts - a.wrapStart);
    this.transition(a, 'busy', ev.ts, '', leg.queue);
    a.onCall = leg.factId;
    if (leg.transferAt !== null) this.transfer(leg, Math.max(leg.transferAt, ev.ts));
  }

  private leftQueue(ev: EventOf<'call.abandoned'> | EventOf<'call.exited'>, outcome: 'abandoned' | 'exited'): void {
    const leg = this.leg(ev, ev.waitMs);
    if (!leg || leg.outcome !== 'waiting') return;
    this.mutate(leg, (l) => {
      l.outcome = outcome;
      l.endedAt = ev.ts;
      l.exitReason = ev.type === 'call.exited' ? ev.reason : '';
      l.endedBy = 'caller';
      l.waitKnown = ev.waitMs !== undefined;
      l.waitMs = ev.waitMs ?? boundedMs(ev.ts - l.offeredAt);
    });
    this.finish(leg, 0);
  }

  private transferred(ev: EventOf<'call.transferred'>): void {
    const leg = this.leg(ev, undefined);
    if (leg?.outcome === 'waiting') leg.transferAt = ev.ts; // out of order: the answer is still to come
    if (!leg || leg.outcome !== 'answered' || leg.endedAt !== null) return;
    this.transfer(leg, ev.ts);
  }

  private transfer(leg: Leg, ts: number): void {
    this.mutate(leg, (l) => { l.transferred = true; });
    this.endTalk(leg, ts, undefined, 'agent');
  }

  private ended(ev: EventOf<'call.ended'>): void {
    const leg = this.leg(ev, undefined);
    if (!leg) return;
    if (leg.outcome === 'waiting') {
      // :NOTE: call.answered lost: the call was answered by this agent; its wait is unknown.
      const answeredAt = ev.ts - (ev.talkMs ?? 0);
      this.mutate(leg, (l) => {
        l.outcome = 'answered'; l.agent = ev.agent; l.answeredAt = answeredAt;
        l.waitMs = boundedMs(answeredAt - l.offeredAt);
      });
      const a = this.agent(ev.agent, answeredAt);
      this.transition(a, 'busy', answeredAt, '', leg.queue);
      a.onCall = leg.factId;
    }
    if (leg.outcome !== 'answered' || leg.endedAt !== null) return;
    this.endTalk(leg, ev.ts, ev.talkMs, ev.by);
  }

  private endTalk(leg: Leg, ts: number, talkMs: number | undefined, by: Leg['endedBy']): void {
    this.mutate(leg, (l) => {
      l.endedAt = ts;
      l.talkMs = talkMs ?? boundedMs(ts - (l.answeredAt ?? ts));
      l.endedBy = by;
    });
    const a = this.agents.get(leg.agent);
    if (!a) return this.finish(leg, 0);
    if (a.onCall === leg.factId) {
      a.onCall = null;
      if (a.state === 'busy') this.transition(a, 'ready', Math.max(ts, a.since), '', '');
    }
    if (a.pendingWrap && a.pendingWrap !== leg.factId) this.settleWrap(a, 0);
    a.pendingWrap = leg.factId;
    a.wrapStart = null;
    this.due.push({ at: ts + this.options.wrapStartGraceMs, kind: 'agent', key: a.agent });
  }

  /** The leg's talk and wrap-up are known: count it as handled. */
  private finish(leg: Leg, wrapMs: number): void {
    if (leg.finished) return;
    this.mutate(leg, (l) => { l.wrapMs = wrapMs; l.finished = true; l.finishedAt = this.watermark; });
    this.due.push({ at: this.watermark + this.options.emitGraceMs, kind: 'leg', key: leg.factId });
  }

  private emit(leg: Leg): void {
    const { waitKnown: _w, finishedAt: _f, transferAt: _t, ...fact } = leg;
    this.out.facts.push(fact);
    if (this.today && leg.day > this.today.day && leg.outcome !== 'waiting') {
      const t = this.aheadOf(leg.day);
      const s = queueSettings(this.settings, leg.queue);
      groupTotals(t.queues, leg.queue).addLeg(leg, s, 1);
      if (leg.agent) groupTotals(t.agents, leg.agent).addLeg(leg, s, 1);
      t.total.addLeg(leg, s, 1);
    }
    this.legs.delete(leg.factId);
    let set = this.emitted.get(leg.day);
    if (!set) this.emitted.set(leg.day, (set = new Set()));
    set.add(leg.factId);
  }

  // ---- agents ----

  private agent(name: string, ts: number): AgentRuntime {
    let a = this.agents.get(name);
    if (!a) {
      a = { agent: name, state: 'logged_out', since: ts, reason: '', queues: [], onCall: null, pendingWrap: null, wrapStart: null, queue: '' };
      this.agents.set(name, a);
    }
    return a;
  }

  private agentState(ev: EventOf<'agent.state'>): void {
    const a = this.agent(ev.agent, ev.ts);
    const ts = Math.max(ev.ts, a.since); // :NOTE: a late state change cannot rewrite a closed interval
    if (ev.queues) a.queues = [...ev.queues];
    if (a.pendingWrap) {
      if (ev.state === 'wrap_up' && a.wrapStart === null) {
        a.wrapStart = ts;
        this.due.push({ at: ts + this.options.maxWrapMs, kind: 'agent', key: a.agent });
      }
      else if (ev.state !== 'wrap_up') this.settleWrap(a, a.wrapStart === null ? 0 : ts - a.wrapStart);
    }
    const queue = ev.state === 'wrap_up' || ev.state === 'busy' ? this.legs.get(a.pendingWrap ?? a.onCall ?? '')?.queue ?? '' : '';
    this.transition(a, ev.state, ts, ev.reason ?? '', queue);
    if (ev.state === 'logged_out') a.onCall = null;
  }

  private settleWrap(a: AgentRuntime, wrapMs: number): void {
    const leg = a.pendingWrap ? this.legs.get(a.pendingWrap) : undefined;
    a.pendingWrap = null;
    a.wrapStart = null;
    if (leg) this.finish(leg, Math.min(boundedMs(wrapMs), this.options.maxWrapMs));
  }

  /** Close the agent's current interval at ts (split at local midnights) and enter a new state. */
  private transition(a: AgentRuntime, state: AgentStateName, ts: number, reason: string, queue: string): void {
    if (a.state === state && a.reason === reason && a.queue === queue) return;
    if (a.state !== 'logged_out' && ts > a.since) {
      let start = a.since;
      while (start < ts) {
        const w = this.dayOf(start);
        const end = Math.min(ts, w.end);
        const interval: AgentInterval = {
          tenant: this.tenant, agent: a.agent, state: a.state, reason: a.reason, queue: a.queue,
          day: w.day, startAt: start, endAt: end, durationMs: end - start,
        };
        this.out.intervals.push(interval);
        if (w.day === this.today?.day) {
          groupTotals(this.agentTotals, a.agent).addInterval(interval);
          this.total.addInterval(interval);
        } else if (this.today && w.day > this.today.day) {
          const t = this.aheadOf(w.day);
          groupTotals(t.agents, a.agent).addInterval(interval);
          t.total.addInterval(interval);
        }
        start = end;
      }
    }
    a.state = state;
    a.since = ts;
    a.reason = reason;
    a.queue = queue;
  }

  // ---- days ----

  private rollover(now: number): void {
    if (this.today && now < this.today.end && now >= this.today.start) return;
    const next = this.dayOf(now);
    if (this.today && next.start < this.today.start) return; // never roll back
    this.today = next;
    const yesterday = this.dayOf(next.start - 1).day;
    for (const day of this.emitted.keys()) if (day < yesterday) this.emitted.delete(day);
    this.queueTotals.clear();
    this.agentTotals.clear();
    this.total = new Totals();
    const early = this.ahead.get(next.day);
    if (early) {
      for (const [k, v] of early.queues) this.queueTotals.set(k, v);
      for (const [k, v] of early.agents) this.agentTotals.set(k, v);
      this.total = early.total;
    }
    for (const day of this.ahead.keys()) if (day <= next.day) this.ahead.delete(day);
    for (const leg of this.legs.values()) this.contribute(leg, 1);
    this.version++;
  }

  private aheadOf(day: string): DayTotals {
    let t = this.ahead.get(day);
    if (!t) this.ahead.set(day, (t = { queues: new Map(), agents: new Map(), total: new Totals() }));
    return t;
  }
}

/** One day's totals per queue, per agent and overall. */
interface DayTotals {
  queues: Map<string, Totals>;
  agents: Map<string, Totals>;
  total: Totals;
}

function groupTotals(map: Map<string, Totals>, key: string): Totals {
  let t = map.get(key);
  if (!t) { t = new Totals(); map.set(key, t); }
  return t;
}
