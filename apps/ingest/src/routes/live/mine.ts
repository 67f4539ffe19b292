/** An agent's slice of the tenant's live snapshot: the queues they serve and their own entry, nothing of other agents. */
import type { LiveSnapshot, MyLive } from '@callboard/api';
import type { Principal } from '../../identity/roles.ts';

/**
 * :NOTE: agents are named in events by their PBX login; a user's login is tried first, then their extension
 * (adapters that report the interface number). Queues are the profile's; an empty profile falls back to the
 * queues the agent is logged in to, so a new user still sees where they work.
 */
export function mine(s: LiveSnapshot, user: Principal['user'] | null): MyLive {
  const me = user ? s.agents.find((a) => a.agent === user.login) ?? (user.extension ? s.agents.find((a) => a.agent === user.extension) : undefined) ?? null : null;
  const names = new Set(user?.queues.length ? user.queues : me?.queues ?? []);
  const known = new Map(s.queues.map((q) => [q.queue, q]));
  const queues = [...names].sort().map((queue) => known.get(queue) ?? { queue, waiting: [], agents: { ready: 0, busy: 0, wrap_up: 0, paused: 0 }, metrics: {} });
  return { at: s.at, day: s.day, timezone: s.timezone, queues, me };
}
