// Applies the engine's live protocol (snapshot, then deltas upserting queues and agents) to a snapshot; pure.
import type { LiveMessage, LiveSnapshot, QueueLive, AgentLive } from '@callboard/metrics';

function upsert<T>(list: T[], items: T[] | undefined, removed: string[] | undefined, key: (t: T) => string): T[] {
  if (!items?.length && !removed?.length) return list;
  const byKey = new Map(list.map((x) => [key(x), x]));
  for (const r of removed ?? []) byKey.delete(r);
  for (const it of items ?? []) byKey.set(key(it), it);
  return [...byKey.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

/** The snapshot after a message; null if there is no snapshot yet (a delta before the first snapshot is ignored). */
export function applyMessage(current: LiveSnapshot | null, msg: LiveMessage): LiveSnapshot | null {
  if (msg.type === 'snapshot') return msg.snapshot;
  if (!current) return null;
  if (msg.type === 'heartbeat') return { ...current, at: msg.at };
  if (msg.type !== 'delta') return current;
  return {
    ...current,
    at: msg.at,
    day: msg.day,
    total: msg.total ?? current.total,
    queues: upsert<QueueLive>(current.queues, msg.queues, msg.removedQueues, (q) => q.queue),
    agents: upsert<AgentLive>(current.agents, msg.agents, msg.removedAgents, (a) => a.agent),
  };
}
