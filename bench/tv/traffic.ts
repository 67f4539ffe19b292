/** A steady stream of plausible contact-centre events (offers, answers, abandons, agent states) posted to /api/v1/events at a set rate. */

export interface TrafficOptions {
  url: string;
  token: string;
  tenant?: string;
  eventsPerSecond: number;
  queues?: string[];
  agents?: number;
  /** Talk time range, ms (short, so a small team keeps up with a high event rate). */
  talkMs?: [number, number];
}

export interface Traffic {
  stop(): Promise<void>;
  /** Events posted so far. */
  sent(): number;
}

type Ev = Record<string, unknown> & { type: string };

export function startTraffic(o: TrafficOptions): Traffic {
  const tenant = o.tenant ?? 'demo';
  const queues = o.queues ?? ['sales', 'support', 'billing', 'vip', 'chat'];
  const names = Array.from({ length: o.agents ?? 24 }, (_, i) => `agent-${String(i + 1).padStart(2, '0')}`);
  const [tMin, tMax] = o.talkMs ?? [4_000, 20_000];
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  let seq = 0;
  let sent = 0;
  let calls = 0;
  const due: { at: number; ev: () => Ev[] }[] = [];
  const waiting: { callId: string; queue: string; since: number; patience: number }[] = [];
  const ready = new Set<string>();
  const mk = (type: string, body: object): Ev => ({ v: 1, id: `tr-${run}-${++seq}`, tenant, ts: Date.now(), type, ...body });
  const rnd = (a: number, b: number) => a + Math.random() * (b - a);

  const queue: Ev[] = names.map((agent, i) => { ready.add(agent); return mk('agent.state', { agent, state: 'ready', queues: [queues[i % queues.length], queues[(i + 1) % queues.length]] }); });

  function tick(budget: number): Ev[] {
    const now = Date.now();
    const out: Ev[] = queue.splice(0, budget);
    due.sort((a, b) => a.at - b.at);
    while (out.length < budget && due.length && due[0].at <= now) out.push(...due.shift()!.ev());
    for (let i = waiting.length - 1; i >= 0 && out.length < budget; i--) {
      const c = waiting[i];
      if (now - c.since > c.patience) { waiting.splice(i, 1); out.push(mk('call.abandoned', { callId: c.callId, queue: c.queue, waitMs: now - c.since })); }
    }
    while (out.length < budget && waiting.length && ready.size) {
      const c = waiting.shift()!;
      const agent = [...ready][Math.floor(Math.random() * ready.size)];
      ready.delete(agent);
      out.push(mk('call.answered', { callId: c.callId, queue: c.queue, agent, waitMs: now - c.since }), mk('agent.state', { agent, state: 'busy' }));
      const talk = rnd(tMin, tMax);
      due.push({ at: now + talk, ev: () => [mk('call.ended', { callId: c.callId, queue: c.queue, agent, by: 'caller', talkMs: Math.round(talk) }), mk('agent.state', { agent, state: 'wrap_up' })] });
      due.push({ at: now + talk + rnd(1_000, 4_000), ev: () => { ready.add(agent); return [mk('agent.state', { agent, state: 'ready' })]; } });
    }
    while (out.length < budget) {
      const q = queues[Math.floor(Math.random() * queues.length)];
      const callId = `${run}-c${++calls}`;
      waiting.push({ callId, queue: q, since: now, patience: rnd(5_000, 60_000) });
      out.push(mk('call.offered', { callId, queue: q, caller: `+39 02 ${String(1000000 + Math.floor(Math.random() * 8999999))}`, channel: q === 'chat' ? 'chat' : 'voice' }));
    }
    return out;
  }

  let stopped = false;
  let carry = 0;
  const loop = (async () => {
    while (!stopped) {
      const t0 = Date.now();
      carry += o.eventsPerSecond / 10;
      const n = Math.floor(carry);
      carry -= n;
      const evs = n > 0 ? tick(n) : [];
      if (evs.length) {
        const res = await fetch(`${o.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' }, body: JSON.stringify(evs) });
        if (!res.ok) throw new Error(`events rejected: ${res.status} ${await res.text()}`);
        sent += evs.length;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - t0))));
    }
  })();
  return { sent: () => sent, async stop() { stopped = true; await loop; } };
}
