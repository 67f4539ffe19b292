// Applies the engine's live protocol (snapshot, then deltas upserting queues and agents) to a snapshot; pure.
import type { LiveMessage, LiveSnapshot, QueueLive, AgentLive } from '@callboard/metrics';

/**
 * Position of each key in a list already in the order upsert gives (by key, localeCompare), else null; lists are
 * never mutated, so it holds as long as the list lives.
 */
const positions = new WeakMap<object, Map<string, number> | null>();

function positionsOf<T extends object>(list: T[], key: (t: T) => string): Map<string, number> | null {
  let at = positions.get(list);
  if (at === undefined) {
    const keys = list.map(key);
    at = keys.every((k, i) => i === 0 || keys[i - 1].localeCompare(k) < 0) ? new Map(keys.map((k, i) => [k, i])) : null;
    positions.set(list, at);
  }
  return at;
}

function upsert<T extends object>(list: T[], items: T[] | undefined, removed: string[] | undefined, key: (t: T) => string): T[] {
  if (!items?.length && !removed?.length) return list;
  // The usual delta (some agents of the centre changed, none came or went): replace those in place, same order, no
  // re-sort of the whole list; the copy keeps the positions.
  const at = removed?.length ? null : positionsOf(list, key);
  if (at && items!.every((it) => at.has(key(it)))) {
    const next = list.slice();
    for (const it of items!) next[at.get(key(it))!] = it;
    positions.set(next, at);
    return next;
  }
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
    ...(msg.tickets ? { tickets: msg.tickets } : {}),
  };
}
