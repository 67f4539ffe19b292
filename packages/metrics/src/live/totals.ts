/** Running component totals for one group (a queue, an agent, or the whole tenant) of one day. */
import { AGENT_SUMS, CALL_SUMS, COMPONENT_BY_ID, type CallDistinct, type CallMax } from '../components.ts';
import type { AgentInterval, CallFact } from '../facts.ts';
import type { QueueSettings } from '../settings.ts';

const MAX = COMPONENT_BY_ID.get('c_max_wait_ms') as CallMax;
const DISTINCT = COMPONENT_BY_ID.get('c_agents_answering') as CallDistinct;
const CALL_INDEX = new Map(CALL_SUMS.map((c, i) => [c.id, i]));
const AGENT_INDEX = new Map(AGENT_SUMS.map((c, i) => [c.id, i]));

export class Totals {
  readonly calls = new Float64Array(CALL_SUMS.length);
  readonly agents = new Float64Array(AGENT_SUMS.length);
  /** Max and distinct components only grow: a leg's contribution is never taken back from them. */
  maxWait: number | null = null;
  readonly answering = new Set<string>();

  /** Add (sign 1) or take back (sign −1) one leg's additive contribution. */
  addLeg(f: CallFact, s: QueueSettings, sign: 1 | -1): void {
    for (let i = 0; i < CALL_SUMS.length; i++) this.calls[i] += sign * CALL_SUMS[i].live(f, s);
    if (sign === 1) {
      const w = MAX.live(f);
      if (w !== null && (this.maxWait === null || w > this.maxWait)) this.maxWait = w;
      const a = DISTINCT.live(f);
      if (a !== null) this.answering.add(a);
    }
  }

  addInterval(i: AgentInterval): void {
    for (let k = 0; k < AGENT_SUMS.length; k++) this.agents[k] += AGENT_SUMS[k].live(i);
  }

  /** Component value by id, as the SQL side would aggregate it (max of nothing = 0, as ClickHouse). */
  value = (id: string): number => {
    const ci = CALL_INDEX.get(id);
    if (ci !== undefined) return this.calls[ci];
    const ai = AGENT_INDEX.get(id);
    if (ai !== undefined) return this.agents[ai];
    if (id === MAX.id) return this.maxWait ?? 0;
    if (id === DISTINCT.id) return this.answering.size;
    throw new RangeError(`unknown component ${id}`);
  };
}
