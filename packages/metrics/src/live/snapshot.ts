/** Builds the browser-facing LiveSnapshot from a tenant's live state. */
import type { AgentStateName } from '../events/schema.ts';
import { liveValue, METRICS } from '../metrics.ts';
import type { TenantLive } from './reducer.ts';
import { Totals } from './totals.ts';
import type { AgentLive, LiveSnapshot, QueueLive, WaitingCaller } from './types.ts';
import { noCallbackFigures, type CallbackFigures } from '../callbacks/catalogue.ts';
import type { LiveTickets } from '../tickets/catalogue.ts';

const CALL_METRICS = METRICS.filter((m) => m.source === 'calls');

/** All metric values of a group; agent-state metrics only where they mean something (tenant, agent). */
export function metricValues(t: Totals | undefined, withAgentMetrics: boolean): Record<string, number | null> {
  const totals = t ?? EMPTY;
  const out: Record<string, number | null> = {};
  for (const m of withAgentMetrics ? METRICS : CALL_METRICS) out[m.id] = liveValue(m, totals.value);
  return out;
}
const EMPTY = new Totals();

type Staffed = Exclude<AgentStateName, 'logged_out'>;
const noAgents = (): Record<Staffed, number> => ({ ready: 0, busy: 0, wrap_up: 0, paused: 0 });

/**
 * `callbacks`: the tenant's callback figures per queue and in total ('' key), from the callback service;
 * a queue with open callback requests is listed even without calls today. `tickets`: the tenant's ticket
 * figures (today and now), from the ticket service.
 */
export function snapshot(live: TenantLive, wallNow: number, callbacks?: ReadonlyMap<string, CallbackFigures>, tickets?: LiveTickets): LiveSnapshot {
  const waiting = new Map<string, WaitingCaller[]>();
  const queues = new Set<string>(live.queueTotals.keys());
  for (const q of callbacks?.keys() ?? []) if (q !== '') queues.add(q);
  const figures = (q: string) => (callbacks ? { callbacks: callbacks.get(q) ?? noCallbackFigures() } : {});
  for (const leg of live.legs.values()) {
    queues.add(leg.queue);
    if (leg.outcome !== 'waiting') continue;
    let list = waiting.get(leg.queue);
    if (!list) waiting.set(leg.queue, (list = []));
    list.push({ callId: leg.callId, caller: leg.caller, channel: leg.channel, since: leg.offeredAt });
  }
  const staffed = new Map<string, Record<Staffed, number>>();
  const allStaffed = noAgents();
  const agents: AgentLive[] = [];
  for (const a of live.agents.values()) {
    const onCall = a.onCall ? live.legs.get(a.onCall) : undefined;
    agents.push({
      agent: a.agent, state: a.state, since: a.since, reason: a.reason, queues: a.queues,
      current: onCall ? { callId: onCall.callId, queue: onCall.queue, caller: onCall.caller, since: onCall.answeredAt ?? onCall.offeredAt } : null,
      metrics: metricValues(live.agentTotals.get(a.agent), true),
    });
    if (a.state === 'logged_out') continue;
    allStaffed[a.state]++;
    for (const q of a.queues) {
      queues.add(q);
      let s = staffed.get(q);
      if (!s) staffed.set(q, (s = noAgents()));
      s[a.state]++;
    }
  }
  const byWait = (x: WaitingCaller, y: WaitingCaller) => x.since - y.since;
  const queueList: QueueLive[] = [...queues].sort().map((queue) => ({
    queue,
    waiting: (waiting.get(queue) ?? []).sort(byWait),
    agents: staffed.get(queue) ?? noAgents(),
    metrics: metricValues(live.queueTotals.get(queue), false),
    ...figures(queue),
  }));
  agents.sort((x, y) => x.agent.localeCompare(y.agent));
  return {
    tenant: live.tenant,
    at: wallNow,
    day: live.day?.day ?? '',
    timezone: live.settings.timezone,
    total: {
      queue: '*',
      waiting: [...waiting.values()].flat().sort(byWait),
      agents: allStaffed,
      metrics: metricValues(live.total, true),
      ...figures(''),
    },
    queues: queueList,
    agents,
    ...(tickets ? { tickets } : {}),
  };
}
